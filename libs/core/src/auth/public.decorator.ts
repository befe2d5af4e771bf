import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'kedai:isPublic';

/**
 * Opens a resolver or route to callers who are not signed in. Everything else requires a signed-in
 * person or an API key: the access guard refuses by default, so a new resolver is closed until
 * someone decides otherwise.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

export const PATH_PATTERN = 'kedai:pathPattern';

/**
 * Narrows a controller whose routes are all parameters (the Cloud API's `/:version/:id`) to the
 * paths it really serves. Express 5's routes cannot carry a pattern, so the access guard checks
 * this before it looks at credentials: any other path is a 404, not a 401 for a header meant for
 * something else (GET /admin/queues with Basic credentials must stay "not there").
 */
export const PathPattern = (pattern: RegExp): MethodDecorator & ClassDecorator => SetMetadata(PATH_PATTERN, pattern);

/** The API's named rate limits (apps/api configures them; the health probes skip them by name). */
export const THROTTLER_NAMES = { ip: 'ip', account: 'account' } as const;
