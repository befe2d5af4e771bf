/**
 * Public handles of people and businesses (payment links, profile URLs): 3–30 characters,
 * lower-case letters, digits, dots and underscores, not starting or ending with a dot or
 * underscore. The migrations' CHECK constraints say the same.
 */
export const HANDLE_PATTERN = /^[a-z0-9](?:[a-z0-9._]{1,28})[a-z0-9]$/;
export const HANDLE_RULE = 'handle must be 3–30 letters, digits, dots or underscores';

export function normaliseHandle(handle: string): string {
  return handle.trim().toLowerCase();
}
