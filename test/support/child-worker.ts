import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { Module } from '@nestjs/common';
import { runMain } from '@kedai/core';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { ProbeModule } from './outbox-probe';

/** The real worker plus the outbox tests' probe consumer, for tests that kill a worker process (ChildApp 'probe-worker'). */
@Module({ imports: [WorkerModule, ProbeModule] })
class ProbeWorkerModule {}

void runMain('worker', async () => {
  const app = await NestFactory.createApplicationContext(ProbeWorkerModule, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.get(Logger).log('Worker running: outbox relay and job processors started');
});
