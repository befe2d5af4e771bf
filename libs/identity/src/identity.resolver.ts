import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Public, type RequestContext } from '@kedai/core';
import {
  RefreshSessionArgs,
  RequestSignInCodeArgs,
  RevokeSessionArgs,
  UpdateProfileInput,
  VerifySignInCodeArgs,
} from './dto/identity.inputs';
import { AuthPayloadModel, MeModel, SessionModel, SignInCodeSentModel } from './models/identity.models';
import { PersonService } from './person.service';
import { PlatformAdminService } from './platform-admin.service';
import { SessionService } from './session.service';
import { SignInService } from './sign-in.service';

@Resolver()
export class IdentityResolver {
  constructor(
    private readonly signIn: SignInService,
    private readonly sessions: SessionService,
    private readonly people: PersonService,
    private readonly platform: PlatformAdminService,
  ) {}

  @Public()
  @Mutation(() => SignInCodeSentModel, { description: 'Sends a 6-digit sign-in code to the phone' })
  async requestSignInCode(@Ctx() ctx: RequestContext, @Args() { phone }: RequestSignInCodeArgs): Promise<SignInCodeSentModel> {
    return Object.assign(new SignInCodeSentModel(), await this.signIn.requestCode(ctx, phone));
  }

  @Public()
  @Mutation(() => AuthPayloadModel, { description: 'Signs in (creating the account on first sign-in) with the code sent' })
  async verifySignInCode(@Ctx() ctx: RequestContext, @Args() { phone, code }: VerifySignInCodeArgs): Promise<AuthPayloadModel> {
    return Object.assign(new AuthPayloadModel(), await this.signIn.verifyCode(ctx, phone, code, ctx.userAgent));
  }

  @Public()
  @Mutation(() => AuthPayloadModel, { description: 'Exchanges a refresh token (once) for new tokens' })
  async refreshSession(@Ctx() ctx: RequestContext, @Args() { refreshToken }: RefreshSessionArgs): Promise<AuthPayloadModel> {
    return Object.assign(new AuthPayloadModel(), { ...(await this.sessions.refresh(ctx, refreshToken)), newAccount: false });
  }

  @Mutation(() => Boolean, { description: 'Ends the session this request is made with' })
  async signOut(@Ctx() ctx: RequestContext): Promise<boolean> {
    await this.sessions.signOut(ctx);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Ends one of your sessions (another device, say)' })
  async revokeSession(@Ctx() ctx: RequestContext, @Args() { id }: RevokeSessionArgs): Promise<boolean> {
    await this.sessions.revoke(ctx, id);
    return true;
  }

  @Query(() => [SessionModel])
  async mySessions(@Ctx() ctx: RequestContext): Promise<SessionModel[]> {
    const current = ctx.actor.kind === 'person' ? ctx.actor.sessionId : undefined;
    return (await this.sessions.list(ctx)).map((s) => SessionModel.from(s, current));
  }

  @Query(() => MeModel)
  async me(@Ctx() ctx: RequestContext): Promise<MeModel> {
    const me = await this.people.me(ctx);
    return MeModel.from(me, this.platform.isAdminPhone(me.phone));
  }

  @Mutation(() => MeModel)
  async updateProfile(@Ctx() ctx: RequestContext, @Args('input') input: UpdateProfileInput): Promise<MeModel> {
    const me = await this.people.updateProfile(ctx, input);
    return MeModel.from(me, this.platform.isAdminPhone(me.phone));
  }
}
