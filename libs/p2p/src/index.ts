// The public API of @kedai/p2p.
export * from './p2p.module';
export * from './transfer.service';
export * from './request.service';
export * from './link.service';
export * from './report.service';
export * from './block.service';
export * from './p2p.jobs';
export * from './errors';
export { P2P_ENTITIES } from './entities';
