import './tracing';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { appConfig, ConfigError, exitIfShutdownHangs, redisConfig, runMain } from '@kedai/core';
import { assertNoEvictionEverywhere } from './redis-policy';
import { WorkerModule } from './worker.module';

void runMain('worker', async () => {
  // Checked before anything consumes or relays, so a misconfigured Redis never holds a job.
  try {
    await assertNoEvictionEverywhere(redisConfig());
  } catch (e) {
    throw new ConfigError((e as Error).message.split('\n'));
  }
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  exitIfShutdownHangs(appConfig().shutdownTimeoutMs);
  app.get(Logger).log('Worker running: outbox relay and job processors started');
});
