import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * `shared/whatsapp-fixtures`, beside the repository: found by walking up from here, so the tests
 * find it from a checkout at any depth (the main one, or a worktree one level further down).
 */
export const WHATSAPP_FIXTURES = ((): string => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'whatsapp-fixtures');
    if (existsSync(candidate)) return candidate;
  }
  return join(__dirname, '..', '..', '..', 'shared', 'whatsapp-fixtures');
})();
