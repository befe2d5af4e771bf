import './tracing';
import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { appConfig, exitIfShutdownHangs, runMain } from '@kedai/core';
import { ApiModule } from './api.module';
import { configureApi } from './configure-api';

void runMain('api', async () => {
  const app = await NestFactory.create(ApiModule, { bufferLogs: true, abortOnError: false });
  configureApi(app);
  const { port, host, shutdownTimeoutMs, keepAliveTimeoutMs } = appConfig();
  exitIfShutdownHangs(shutdownTimeoutMs);
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = keepAliveTimeoutMs;
  // Node wants the headers timeout above the keep-alive one, or it cuts a slow request's headers first.
  server.headersTimeout = keepAliveTimeoutMs + 1_000;
  await app.listen(port, host);
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host;
  app.get(Logger).log(`GraphQL API ready at http://${shown}:${port}/graphql`);
});
