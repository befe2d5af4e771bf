import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, money, MoneyModel, type RequestContext } from '@kedai/core';
import { WalletService } from '@kedai/payments';
import { BlockService } from './block.service';
import {
  CreateLinkArgs,
  FirstArgs,
  GroupRequestArgs,
  IdArgs,
  MyLinkArgs,
  MyRequestsArgs,
  OpenLinkArgs,
  PayLinkArgs,
  PayRequestArgs,
  PersonIdArgs,
  ReportArgs,
  RequestIdArgs,
  RequestMoneyArgs,
  SendMoneyArgs,
  WithdrawArgs,
} from './dto/p2p.args';
import { LinkService } from './link.service';
import {
  MoneyRequestGroupModel,
  MoneyRequestModel,
  OpenedLinkModel,
  PaymentLinkModel,
  PersonalLinkModel,
  TransferModel,
  TransferReportModel,
  WithdrawalModel,
} from './models/p2p.models';
import { ReportService } from './report.service';
import { RequestService } from './request.service';
import { TransferService } from './transfer.service';

/** Sending and requesting money between people, in chats and by link. */
@Resolver(() => TransferModel)
export class P2pResolver {
  constructor(
    private readonly transfers: TransferService,
    private readonly requests: RequestService,
    private readonly links: LinkService,
    private readonly reports: ReportService,
    private readonly blocks: BlockService,
    private readonly wallets: WalletService,
  ) {}

  @Mutation(() => TransferModel, {
    description: 'Sends money in a conversation (to a named member in a group) into their Kedai wallet',
  })
  async sendMoney(@Ctx() ctx: RequestContext, @Args() { amount, ...input }: SendMoneyArgs): Promise<TransferModel> {
    return TransferModel.from(await this.transfers.send(ctx, { ...input, amountMinor: BigInt(amount) }));
  }

  @Query(() => TransferModel, { description: 'A transfer you sent or received' })
  async transfer(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<TransferModel> {
    return TransferModel.from(await this.transfers.get(ctx, id));
  }

  @Query(() => [TransferModel], { description: 'Your transfers, sent and received, newest first' })
  async myTransfers(@Ctx() ctx: RequestContext, @Args() { first }: FirstArgs): Promise<TransferModel[]> {
    return (await this.transfers.mine(ctx, first)).map(TransferModel.from);
  }

  @ResolveField(() => TransferReportModel, { nullable: true, description: 'The case opened on it, if any' })
  async report(@Ctx() ctx: RequestContext, @Parent() t: TransferModel): Promise<TransferReportModel | null> {
    const r = await this.reports.of(ctx, t.id);
    return r ? TransferReportModel.from(r) : null;
  }

  @Mutation(() => TransferReportModel, { description: 'The sender reports a transfer: not received, or not theirs' })
  async reportTransfer(@Ctx() ctx: RequestContext, @Args() { transferId, reason }: ReportArgs): Promise<TransferReportModel> {
    return TransferReportModel.from(await this.reports.report(ctx, transferId, reason));
  }

  @Mutation(() => WithdrawalModel, { description: 'Pays money out of your Kedai wallet to a card or linked wallet' })
  async withdrawToFundingSource(
    @Ctx() ctx: RequestContext,
    @Args() { amount, ...input }: WithdrawArgs,
  ): Promise<WithdrawalModel> {
    const out = await this.wallets.withdraw(ctx, { ...input, amountMinor: BigInt(amount) });
    return Object.assign(new WithdrawalModel(), {
      payoutId: out.payoutId,
      balance: MoneyModel.of(money(out.amount, out.currency)),
    });
  }

  @Mutation(() => MoneyRequestModel, { description: 'Asks the other person of a direct conversation for money' })
  async requestMoney(@Ctx() ctx: RequestContext, @Args() { amount, ...input }: RequestMoneyArgs): Promise<MoneyRequestModel> {
    return MoneyRequestModel.from(await this.requests.request(ctx, { ...input, amountMinor: BigInt(amount) }));
  }

  @Mutation(() => MoneyRequestGroupModel, { description: 'Asks members of a group for a total, split evenly or by amounts' })
  async requestMoneyFromGroup(
    @Ctx() ctx: RequestContext,
    @Args() { total, amounts, ...input }: GroupRequestArgs,
  ): Promise<MoneyRequestGroupModel> {
    const group = await this.requests.requestFromGroup(ctx, {
      ...input,
      totalMinor: BigInt(total),
      amounts: amounts?.map((a) => BigInt(a)),
    });
    const { parts } = await this.requests.group(ctx, group.id);
    return MoneyRequestGroupModel.from(group, parts);
  }

  @Mutation(() => MoneyRequestModel, { description: 'The person asked pays the request (at most once)' })
  async payMoneyRequest(@Ctx() ctx: RequestContext, @Args() { requestId, ...input }: PayRequestArgs): Promise<MoneyRequestModel> {
    return MoneyRequestModel.from(await this.requests.pay(ctx, requestId, input));
  }

  @Mutation(() => MoneyRequestModel, { description: 'The person asked declines the request' })
  async declineMoneyRequest(@Ctx() ctx: RequestContext, @Args() { requestId }: RequestIdArgs): Promise<MoneyRequestModel> {
    return MoneyRequestModel.from(await this.requests.decline(ctx, requestId));
  }

  @Mutation(() => MoneyRequestModel, { description: 'The requester takes the request back' })
  async cancelMoneyRequest(@Ctx() ctx: RequestContext, @Args() { requestId }: RequestIdArgs): Promise<MoneyRequestModel> {
    return MoneyRequestModel.from(await this.requests.cancel(ctx, requestId));
  }

  @Query(() => MoneyRequestModel, { description: 'A request to or from you (or a part of a group request in your group)' })
  async moneyRequest(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<MoneyRequestModel> {
    return MoneyRequestModel.from(await this.requests.visible(ctx, id));
  }

  @Query(() => MoneyRequestGroupModel, { description: 'A group request with every member’s part: who has paid' })
  async moneyRequestGroup(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<MoneyRequestGroupModel> {
    const { group, parts } = await this.requests.group(ctx, id);
    return MoneyRequestGroupModel.from(group, parts);
  }

  @Query(() => [MoneyRequestModel], { description: 'Requests to or from you, newest first' })
  async myMoneyRequests(@Ctx() ctx: RequestContext, @Args() { first, openOnly }: MyRequestsArgs): Promise<MoneyRequestModel[]> {
    return (await this.requests.mine(ctx, first, openOnly)).map(MoneyRequestModel.from);
  }

  @Mutation(() => [String], {
    description: 'Blocks a person from sending you money or asking you for it; answers your block list',
  })
  async blockPerson(@Ctx() ctx: RequestContext, @Args() { personId }: PersonIdArgs): Promise<string[]> {
    return this.blocks.block(ctx, personId);
  }

  @Mutation(() => [String], { description: 'Lifts a block; answers your block list' })
  async unblockPerson(@Ctx() ctx: RequestContext, @Args() { personId }: PersonIdArgs): Promise<string[]> {
    return this.blocks.unblock(ctx, personId);
  }

  @Query(() => PersonalLinkModel, {
    description: 'Your personal payment link (optionally with an amount and note) and its QR codes',
  })
  async myPaymentLink(@Ctx() ctx: RequestContext, @Args() { amount, note }: MyLinkArgs): Promise<PersonalLinkModel> {
    const { url, handle } = await this.links.myLink(ctx, amount ? BigInt(amount) : null, note);
    const query = new URL(url).search;
    return Object.assign(new PersonalLinkModel(), {
      url,
      handle,
      qrPng: `/pay/${handle}/qr.png${query}`,
      qrSvg: `/pay/${handle}/qr.svg${query}`,
    });
  }

  @Mutation(() => PaymentLinkModel, { description: 'A one-off link asking for a fixed amount, until it expires' })
  async createPaymentLink(@Ctx() ctx: RequestContext, @Args() { amount, ...input }: CreateLinkArgs): Promise<PaymentLinkModel> {
    const link = await this.links.create(ctx, { ...input, amountMinor: BigInt(amount) });
    return PaymentLinkModel.from(link, this.links.oneOffUrl(link.token));
  }

  @Query(() => OpenedLinkModel, { description: 'What a payment link (token or handle) would do, and whether it still can' })
  async openPaymentLink(@Ctx() ctx: RequestContext, @Args() { token }: OpenLinkArgs): Promise<OpenedLinkModel> {
    return OpenedLinkModel.from(await this.links.open(ctx, token));
  }

  @Mutation(() => TransferModel, { description: 'Pays a one-off link: once, before it expires' })
  async payPaymentLink(@Ctx() ctx: RequestContext, @Args() { token, ...input }: PayLinkArgs): Promise<TransferModel> {
    return TransferModel.from(await this.links.pay(ctx, token, input));
  }
}
