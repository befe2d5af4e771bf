import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { CODE_SENDER, DevCodeSender } from './code-sender';
import { Person } from './entities/person.entity';
import { AuthSession, RefreshToken } from './entities/session.entity';
import { SignInCode } from './entities/sign-in-code.entity';
import { IdentityResolver } from './identity.resolver';
import { PersonService } from './person.service';
import { SessionCache } from './session-cache';
import { SessionService } from './session.service';
import { SignInService } from './sign-in.service';

/** People, sign-in and sessions. Other domains use PersonService and SessionService. */
@Module({
  imports: [MikroOrmModule.forFeature([Person, SignInCode, AuthSession, RefreshToken]), JwtModule.register({})],
  providers: [PersonService, SessionService, SessionCache, SignInService, { provide: CODE_SENDER, useClass: DevCodeSender }],
  exports: [PersonService, SessionService, SignInService],
})
export class IdentityModule {}

/** The GraphQL edge of identity; only the API imports it. */
@Module({ imports: [IdentityModule], providers: [IdentityResolver] })
export class IdentityApiModule {}
