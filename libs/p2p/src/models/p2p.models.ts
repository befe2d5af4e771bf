import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { money, MoneyModel } from '@kedai/core';
import type { MoneyRequest, MoneyRequestGroup } from '../entities/money-request.entity';
import type { PaymentLink, TransferReport } from '../entities/safety.entities';
import type { Transfer } from '../entities/transfer.entity';
import type { OpenedLink } from '../link.service';

export const TransferStatusEnum = { PENDING: 'pending', COMPLETED: 'completed', FAILED: 'failed' } as const;
registerEnumType(TransferStatusEnum, { name: 'TransferStatus' });

export const MoneyRequestStatusEnum = {
  PENDING: 'pending',
  PAYING: 'paying',
  PAID: 'paid',
  DECLINED: 'declined',
  CANCELED: 'canceled',
  EXPIRED: 'expired',
} as const;
registerEnumType(MoneyRequestStatusEnum, { name: 'MoneyRequestStatus' });

export const SplitEnum = { EVEN: 'even', AMOUNTS: 'amounts' } as const;
registerEnumType(SplitEnum, { name: 'SplitKind', description: 'EVEN: parts differ by at most one minor unit' });

export const ReportReasonEnum = { NOT_RECEIVED: 'not_received', UNAUTHORISED: 'unauthorised' } as const;
registerEnumType(ReportReasonEnum, { name: 'TransferReportReason' });

export const ReportStatusEnum = {
  OPEN: 'open',
  UNDER_REVIEW: 'under_review',
  RESOLVED: 'resolved',
  REJECTED: 'rejected',
} as const;
registerEnumType(ReportStatusEnum, { name: 'TransferReportStatus' });

export const LinkKindEnum = { PERSONAL: 'personal', ONE_OFF: 'one_off' } as const;
registerEnumType(LinkKindEnum, { name: 'PaymentLinkKind' });

export const LinkStatusEnum = { ACTIVE: 'active', PAYING: 'paying', USED: 'used', EXPIRED: 'expired' } as const;
registerEnumType(LinkStatusEnum, { name: 'PaymentLinkStatus' });

export const PayeeKindEnum = { PERSON: 'person', BUSINESS: 'business' } as const;
registerEnumType(PayeeKindEnum, { name: 'PayeeKind' });

@ObjectType('TransferReport', { description: 'A case opened on a transfer; both people see it' })
export class TransferReportModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) transferId!: string;
  @Field(() => ReportReasonEnum) reason!: string;
  @Field(() => ReportStatusEnum) status!: string;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;

  static from(r: TransferReport): TransferReportModel {
    return Object.assign(new TransferReportModel(), {
      id: r.id,
      transferId: r.transferId,
      reason: r.reason,
      status: r.status,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    });
  }
}

@ObjectType('Transfer', { description: 'Money sent from one person to another in a conversation' })
export class TransferModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) conversationId!: string;
  @Field(() => ID) senderId!: string;
  @Field(() => ID) recipientId!: string;
  @Field(() => MoneyModel) amount!: MoneyModel;
  @Field() note!: string;
  @Field(() => TransferStatusEnum) status!: string;
  @Field(() => ID, { nullable: true, description: 'The payment intent that pays it' }) intentId!: string | null;
  @Field(() => String, { nullable: true }) failureCode!: string | null;
  @Field(() => String, { nullable: true }) failureMessage!: string | null;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;

  static from(t: Transfer): TransferModel {
    return Object.assign(new TransferModel(), {
      id: t.id,
      conversationId: t.conversationId,
      senderId: t.senderId,
      recipientId: t.recipientId,
      amount: MoneyModel.of(money(t.amountMinor, t.currency)),
      note: t.note,
      status: t.status,
      intentId: t.intentId,
      failureCode: t.failureCode,
      failureMessage: t.failureMessage,
      createdAt: t.createdAt,
      updatedAt: t.updatedAt,
    });
  }
}

@ObjectType('MoneyRequest', { description: 'Money asked of one person (alone, or as their part of a group request)' })
export class MoneyRequestModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) conversationId!: string;
  @Field(() => ID) requesterId!: string;
  @Field(() => ID) payerId!: string;
  @Field(() => ID, { nullable: true }) groupId!: string | null;
  @Field(() => MoneyModel) amount!: MoneyModel;
  @Field() note!: string;
  @Field(() => MoneyRequestStatusEnum) status!: string;
  @Field(() => ID, { nullable: true, description: 'The transfer paying it (while paying, and once paid)' }) transferId!:
    string | null;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
  @Field() createdAt!: Date;

  static from(r: MoneyRequest): MoneyRequestModel {
    return Object.assign(new MoneyRequestModel(), {
      id: r.id,
      conversationId: r.conversationId,
      requesterId: r.requesterId,
      payerId: r.payerId,
      groupId: r.groupId,
      amount: MoneyModel.of(money(r.amountMinor, r.currency)),
      note: r.note,
      status: r.status,
      transferId: r.transferId,
      expiresAt: r.expiresAt,
      createdAt: r.createdAt,
    });
  }
}

@ObjectType('MoneyRequestGroup', { description: 'A request to a group: the total, the split, and each member’s part' })
export class MoneyRequestGroupModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) conversationId!: string;
  @Field(() => ID) requesterId!: string;
  @Field(() => MoneyModel) total!: MoneyModel;
  @Field(() => SplitEnum) split!: string;
  @Field() note!: string;
  @Field(() => [MoneyRequestModel], { description: 'One per member asked, with its status: who has paid' })
  parts!: MoneyRequestModel[];
  @Field(() => Int) paidCount!: number;
  @Field(() => MoneyModel) paid!: MoneyModel;
  @Field() createdAt!: Date;

  static from(g: MoneyRequestGroup, parts: MoneyRequest[]): MoneyRequestGroupModel {
    const paid = parts.filter((p) => p.status === 'paid');
    return Object.assign(new MoneyRequestGroupModel(), {
      id: g.id,
      conversationId: g.conversationId,
      requesterId: g.requesterId,
      total: MoneyModel.of(money(g.totalMinor, g.currency)),
      split: g.split,
      note: g.note,
      parts: parts.map(MoneyRequestModel.from),
      paidCount: paid.length,
      paid: MoneyModel.of(
        money(
          paid.reduce((a, p) => a + p.amountMinor, 0n),
          g.currency,
        ),
      ),
      createdAt: g.createdAt,
    });
  }
}

@ObjectType('PersonalPaymentLink', { description: 'Your personal link and its QR codes' })
export class PersonalLinkModel {
  @Field() url!: string;
  @Field() handle!: string;
  @Field({ description: 'Path of the PNG QR code (public)' }) qrPng!: string;
  @Field({ description: 'Path of the SVG QR code (public)' }) qrSvg!: string;
}

@ObjectType('PaymentLink', { description: 'A one-off link asking for a fixed amount, paid once before it expires' })
export class PaymentLinkModel {
  @Field() token!: string;
  @Field() url!: string;
  @Field(() => MoneyModel) amount!: MoneyModel;
  @Field() note!: string;
  @Field(() => LinkStatusEnum) status!: string;
  @Field() expiresAt!: Date;

  static from(l: PaymentLink, url: string): PaymentLinkModel {
    return Object.assign(new PaymentLinkModel(), {
      token: l.token,
      url,
      amount: MoneyModel.of(money(l.amountMinor, l.currency)),
      note: l.note,
      status: l.status === 'active' && l.expiresAt.getTime() <= Date.now() ? 'expired' : l.status,
      expiresAt: l.expiresAt,
    });
  }
}

@ObjectType('Payee')
export class PayeeModel {
  @Field(() => PayeeKindEnum) kind!: string;
  @Field(() => ID) id!: string;
  @Field() handle!: string;
  @Field() name!: string;
}

@ObjectType('OpenedPaymentLink', { description: 'What paying a link would do' })
export class OpenedLinkModel {
  @Field(() => LinkKindEnum) kind!: string;
  @Field(() => LinkStatusEnum) status!: string;
  @Field(() => PayeeModel) recipient!: PayeeModel;
  @Field(() => MoneyModel, { nullable: true }) amount!: MoneyModel | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;

  static from(o: OpenedLink): OpenedLinkModel {
    return Object.assign(new OpenedLinkModel(), {
      kind: o.kind,
      status: o.status,
      recipient: Object.assign(new PayeeModel(), o.recipient),
      amount: o.amountMinor !== null && o.currency ? MoneyModel.of(money(o.amountMinor, o.currency)) : null,
      note: o.note,
      expiresAt: o.expiresAt,
    });
  }
}

@ObjectType('Withdrawal', { description: 'Money paid out of the Kedai wallet' })
export class WithdrawalModel {
  @Field() payoutId!: string;
  @Field(() => MoneyModel, { description: 'The wallet balance after it' }) balance!: MoneyModel;
}
