import { InvalidTransitionError } from '@kedai/core';

export const TRANSFER_STATUSES = ['pending', 'completed', 'failed'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

export const REQUEST_STATUSES = ['pending', 'paying', 'paid', 'declined', 'canceled', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export type LinkStatus = 'active' | 'paying' | 'used';
export type ReportReason = 'not_received' | 'unauthorised';
export type ReportStatus = 'open' | 'under_review' | 'resolved' | 'rejected';

/** Who moves a request: the person asked to pay, the one who asked, or the platform (settling a payment, expiry). */
export type RequestMover = 'payer' | 'requester' | 'system';

/** A transfer settles once: pending until its payment succeeds or fails. */
export const TRANSFER_TRANSITIONS: Record<TransferStatus, readonly TransferStatus[]> = {
  pending: ['completed', 'failed'],
  completed: [],
  failed: [],
};

/**
 * The money request lifecycle as data. Paying first claims the request (pending → paying) under its
 * row lock; only the payment's own outcome moves it on (paid, or back to pending when it failed),
 * so a cancel, decline or expiry racing a payment is refused and the request is paid at most once.
 */
export const REQUEST_TRANSITIONS: Record<RequestStatus, Partial<Record<RequestStatus, readonly RequestMover[]>>> = {
  pending: { paying: ['payer'], declined: ['payer'], canceled: ['requester'], expired: ['system'] },
  paying: { paid: ['system'], pending: ['system'] },
  paid: {},
  declined: {},
  canceled: {},
  expired: {},
};

export const canMoveRequest = (from: RequestStatus, to: RequestStatus, by: RequestMover): boolean =>
  REQUEST_TRANSITIONS[from][to]?.includes(by) ?? false;

export function moveRequest(request: { status: RequestStatus; updatedAt: Date }, to: RequestStatus, by: RequestMover): void {
  if (!canMoveRequest(request.status, to, by)) throw new InvalidTransitionError('Money request', request.status, to);
  request.status = to;
  request.updatedAt = new Date();
}

export function moveTransfer(transfer: { status: TransferStatus; updatedAt: Date }, to: TransferStatus): void {
  if (!TRANSFER_TRANSITIONS[transfer.status].includes(to)) throw new InvalidTransitionError('Transfer', transfer.status, to);
  transfer.status = to;
  transfer.updatedAt = new Date();
}
