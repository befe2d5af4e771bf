import type { Actor } from '../request-context/request-context';

/**
 * Turns a presented API key into the business it acts for, or null when the key is unknown,
 * revoked or malformed. Provided by the business module; the API's access guard calls it.
 */
export interface ApiKeyAuthenticator {
  authenticate(rawKey: string): Promise<Extract<Actor, { kind: 'business' }> | null>;
}
export const API_KEY_AUTHENTICATOR = Symbol('kedai.apiKeyAuthenticator');

/** API keys look like `kd_<prefix>_<secret>`; anything else in a bearer header is a JWT. */
export const API_KEY_PREFIX = 'kd_';
