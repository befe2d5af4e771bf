import { Person } from './person.entity';
import { AuthSession, RefreshToken } from './session.entity';
import { SignInCode } from './sign-in-code.entity';

/**
 * Identity's entities, importable without loading its GraphQL models or Nest modules
 * (`@kedai/identity/entities`): what the db CLI and the test harness's global setup need.
 */
export const IDENTITY_ENTITIES = [Person, SignInCode, AuthSession, RefreshToken];
