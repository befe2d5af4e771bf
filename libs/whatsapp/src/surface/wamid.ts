import { isUuid } from '@kedai/core';

/**
 * Kedai's message ids as Cloud API message ids: `wamid.` and the id's 16 bytes in base64url, so
 * the same message always has the same wamid and the wamid leads back to it without a table.
 */
export function wamidOf(messageId: string): string {
  return `wamid.${Buffer.from(messageId.replace(/-/g, ''), 'hex').toString('base64url')}`;
}

/** The Kedai message id in a wamid of ours, or null (someone else's wamid, or garbage). */
export function messageIdOfWamid(wamid: string): string | null {
  const m = /^wamid\.([A-Za-z0-9_-]{22})$/.exec(wamid);
  if (!m) return null;
  const hex = Buffer.from(m[1], 'base64url').toString('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return isUuid(id) ? id : null;
}
