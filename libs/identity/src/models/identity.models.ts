import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { Person } from '../entities/person.entity';
import type { AuthSession } from '../entities/session.entity';

@ObjectType('Me', { description: 'The signed-in person, with the fields only they may see' })
export class MeModel {
  @Field(() => ID) id!: string;
  @Field() phone!: string;
  @Field(() => String, { nullable: true }) handle!: string | null;
  @Field() displayName!: string;
  @Field(() => String, { nullable: true }) country!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) dateOfBirth!: string | null;
  @Field(() => String, { nullable: true }) avatarUrl!: string | null;
  @Field() createdAt!: Date;
  @Field({ description: 'A Kedai platform administrator (PLATFORM_ADMIN_PHONES): manages Kedai Support’s staff' })
  platformAdmin!: boolean;

  static from(p: Person, platformAdmin: boolean): MeModel {
    return Object.assign(new MeModel(), {
      id: p.id,
      phone: p.phone,
      handle: p.handle ?? null,
      displayName: p.displayName,
      country: p.country ?? null,
      dateOfBirth: p.dateOfBirth ?? null,
      avatarUrl: p.avatarUrl ?? null,
      createdAt: p.createdAt,
      platformAdmin,
    });
  }
}

@ObjectType('SignInCodeSent')
export class SignInCodeSentModel {
  @Field({ description: 'The number the code went to, in E.164' }) phone!: string;
  @Field() expiresAt!: Date;
}

@ObjectType('AuthPayload', { description: 'Tokens for a session. Keep the refresh token secret; it works once.' })
export class AuthPayloadModel {
  @Field() accessToken!: string;
  @Field() accessTokenExpiresAt!: Date;
  @Field() refreshToken!: string;
  @Field(() => ID) sessionId!: string;
  @Field({ description: 'True when this sign-in created the account' }) newAccount!: boolean;
}

@ObjectType('Session', { description: 'A signed-in device' })
export class SessionModel {
  @Field(() => ID) id!: string;
  @Field() userAgent!: string;
  @Field() createdAt!: Date;
  @Field() lastUsedAt!: Date;
  @Field() expiresAt!: Date;
  @Field({ description: 'The session this request is made with' }) current!: boolean;

  static from(s: AuthSession, currentId?: string): SessionModel {
    return Object.assign(new SessionModel(), {
      id: s.id,
      userAgent: s.userAgent,
      createdAt: s.createdAt,
      lastUsedAt: s.lastUsedAt,
      expiresAt: s.expiresAt,
      current: s.id === currentId,
    });
  }
}
