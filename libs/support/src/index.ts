// The public API of @kedai/support: the customer-service bot (Kedai Support and each business's
// bot), its understanding (./nlp), and the live-agent queue.
export * from './nlp';
