import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { authConfig, type AuthConfig } from '@kedai/core';
import { CODE_SENDER, DevCodeSender, WHATSAPP_CODE_SENDER, type CodeSender } from './code-sender';
import { Person } from './entities/person.entity';
import { AuthSession, RefreshToken } from './entities/session.entity';
import { SignInCode } from './entities/sign-in-code.entity';
import { IdentityResolver } from './identity.resolver';
import { PersonService } from './person.service';
import { PlatformAdminService } from './platform-admin.service';
import { SessionCache } from './session-cache';
import { SessionService } from './session.service';
import { SignInService } from './sign-in.service';

/** People, sign-in and sessions. Other domains use PersonService and SessionService. */
@Module({
  imports: [MikroOrmModule.forFeature([Person, SignInCode, AuthSession, RefreshToken]), JwtModule.register({})],
  providers: [
    PersonService,
    PlatformAdminService,
    SessionService,
    SessionCache,
    SignInService,
    DevCodeSender,
    {
      provide: CODE_SENDER,
      inject: [authConfig.KEY, DevCodeSender, { token: WHATSAPP_CODE_SENDER, optional: true }],
      useFactory: (config: AuthConfig, dev: DevCodeSender, whatsapp?: CodeSender): CodeSender => {
        if (config.codeSender !== 'whatsapp') return dev;
        if (!whatsapp) throw new Error('CODE_SENDER=whatsapp needs the WhatsApp module (libs/whatsapp) in this process');
        return whatsapp;
      },
    },
  ],
  exports: [PersonService, PlatformAdminService, SessionService, SignInService],
})
export class IdentityModule {}

/** The GraphQL edge of identity; only the API imports it. */
@Module({ imports: [IdentityModule], providers: [IdentityResolver] })
export class IdentityApiModule {}
