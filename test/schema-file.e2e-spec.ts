import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { buildSchema, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { SCHEMA_FILE, schemaFileText } from '../apps/api/src/schema-file';
import { TestEnv } from './support/test-env';

/**
 * schema.graphql is the API's contract for clients (apps/web's typed operations are generated
 * from it): it must be exactly what the real app serves. When this fails, run `npm run schema`
 * (and `npm run web:codegen`) and commit the result.
 */
describe('schema.graphql matches the running API', () => {
  let env: TestEnv;
  let api: INestApplication;
  const fileText = readFileSync(join(__dirname, '..', SCHEMA_FILE), 'utf8');

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api();
  });
  afterAll(async () => env?.close());

  it('is the schema the app builds from its resolvers, byte for byte', () => {
    const served = schemaFileText(api.get(GraphQLSchemaHost).schema);
    // On failure the diff shows what changed: run `npm run schema`.
    expect(fileText).toEqual(served);
  });

  it('is valid SDL that names the entry points clients use', () => {
    const schema = buildSchema(fileText);
    expect(schema.getQueryType()?.getFields()).toHaveProperty('me');
    expect(schema.getMutationType()?.getFields()).toHaveProperty('sendMessage');
    expect(schema.getSubscriptionType()?.getFields()).toHaveProperty('conversationEvents');
  });

  it('would notice drift (the check can fail): a schema with one more field prints differently', () => {
    const served = api.get(GraphQLSchemaHost).schema;
    const config = served.toConfig();
    const query = served.getQueryType()!.toConfig();
    const changed = new GraphQLSchema({
      ...config,
      query: new GraphQLObjectType({ ...query, fields: { ...query.fields, driftProbe: { type: GraphQLString } } }),
      types: config.types.filter((t) => t.name !== query.name),
    });
    expect(schemaFileText(changed)).not.toEqual(fileText);
  });
});
