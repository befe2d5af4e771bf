import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { runMain } from '@kedai/core';
import { ApiModule } from '../apps/api/src/api.module';
import { SCHEMA_FILE, schemaFileText } from '../apps/api/src/schema-file';

/**
 * `npm run schema`: boots the real API (as `npm start` would, against DATABASE_URL and REDIS_URL),
 * takes the schema Nest built from the resolvers and writes it to schema.graphql. Booting the app,
 * rather than listing resolvers here, means the file can only describe the API that really runs.
 */
void runMain('schema', async () => {
  const app = await NestFactory.createApplicationContext(ApiModule, { logger: false, abortOnError: false });
  await app.init();
  const text = schemaFileText(app.get(GraphQLSchemaHost).schema);
  await app.close();
  const file = resolve(__dirname, '../..', SCHEMA_FILE);
  writeFileSync(file, text);
  console.log(`wrote ${SCHEMA_FILE} (${text.split('\n').length} lines)`);
});
