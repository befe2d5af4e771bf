// The public API of @kedai/identity: people, sign-in and sessions.
export * from './identity.module';
export * from './person.service';
export * from './session.service';
export * from './errors';
export { normalisePhone, maskPhone } from './phone';

import { Person } from './entities/person.entity';
import { AuthSession, RefreshToken } from './entities/session.entity';
import { SignInCode } from './entities/sign-in-code.entity';
/** Entities identity owns, for the db CLI and the test harness. */
export const IDENTITY_ENTITIES = [Person, SignInCode, AuthSession, RefreshToken];
export * from './sign-in.service';
