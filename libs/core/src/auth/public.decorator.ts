import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'kedai:isPublic';

/**
 * Opens a resolver or route to callers who are not signed in. Everything else requires a signed-in
 * person or an API key: the access guard refuses by default, so a new resolver is closed until
 * someone decides otherwise.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** The API's named rate limits (apps/api configures them; the health probes skip them by name). */
export const THROTTLER_NAMES = { ip: 'ip', account: 'account' } as const;
