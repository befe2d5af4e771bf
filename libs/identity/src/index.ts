// The public API of @kedai/identity: people, sign-in and sessions.
export * from './identity.module';
export * from './person.service';
export * from './platform-admin.service';
export * from './session.service';
export { SignInService } from './sign-in.service';
export * from './errors';
export { normalisePhone, maskPhone } from './phone';

export { IDENTITY_ENTITIES } from './entities';
export { CODE_SENDER, WHATSAPP_CODE_SENDER, type CodeSender } from './code-sender';
