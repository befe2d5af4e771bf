import './tracing';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { appConfig, exitIfShutdownHangs, runMain } from '@kedai/core';
import { ApiModule } from './api.module';
import { configureApi } from './configure-api';

void runMain('api', async () => {
  const app = await NestFactory.create(ApiModule, { bufferLogs: true, abortOnError: false });
  configureApi(app);
  const { port, host, shutdownTimeoutMs } = appConfig();
  exitIfShutdownHangs(shutdownTimeoutMs);
  await app.listen(port, host);
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host;
  app.get(Logger).log(`GraphQL API ready at http://${shown}:${port}/graphql`);
});
