// The public API of @kedai/support: the customer-service bot (Kedai Support and each business's
// bot), its understanding (./nlp), and the live-agent queue.
export * from './nlp';
export * from './support.module';
export * from './handoff.service';
export * from './faq.service';
export * from './model-store';
export * from './kedai-support';
export * from './errors';
export * from './support.jobs';
export { SUPPORT_ENTITIES } from './entities';
