// Imported first by main.ts: instrumentation has to be in place before pg, ioredis and graphql load.
import { startTracing } from '@kedai/core/tracing/start-tracing';

startTracing('kedai-api');
