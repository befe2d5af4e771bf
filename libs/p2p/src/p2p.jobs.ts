import { defineJob } from '@kedai/core';

/** Looks at a transfer some time after it started and settles it from its payment intent. */
export const settleTransfer = defineJob<{ transferId: string }>('p2p', 'p2p.settle-transfer');
/** Expires a money request that is still open when its time is up. */
export const expireRequest = defineJob<{ requestId: string }>('p2p', 'p2p.expire-request');
