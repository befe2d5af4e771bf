import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { brandOf, cardProblem, fullYear, normaliseCardNumber } from '../cards';
import { paymentsConfig, type PaymentsConfig } from '../payments.config';
import { PspSimulatorStore } from './psp-simulator-store';
import {
  PaymentProvider,
  PspCardRejected,
  PspTimeout,
  toWire,
  type CardDetails,
  type CardToken,
  type ChargeOutcome,
  type ChargeRequest,
  type PspEvent,
} from './psp.port';
import { SIGNATURE_HEADER, signPayload } from './webhook-signature';

type Behaviour = 'succeed' | 'decline' | 'insufficient' | 'three_ds' | 'dispute';

/** The test cards. Any other valid Visa or Mastercard number succeeds. */
const TEST_CARDS: Record<string, Behaviour> = {
  '4242424242424242': 'succeed',
  '4000000000000002': 'decline',
  '4000000000009995': 'insufficient',
  '4000002760003184': 'three_ds',
  '4000000000000259': 'dispute',
};

interface StoredSource {
  behaviour: Behaviour;
}

interface StoredCharge {
  chargeId: string;
  reference: string;
  status: ChargeOutcome['status'];
  amountMinor: string;
  capturedMinor: string;
  refundedMinor: string;
  currency: string;
  capture: boolean;
  behaviour: Behaviour;
  failureCode?: string;
  failureMessage?: string;
}

/** How long after an outcome its webhook goes out (see afterOutcome). */
const WEBHOOK_DELAY_MS = 250;

/** Faults a test (or a chaos run) can switch on in this process. */
export interface SimulatorFaults {
  /** The next N charges are made but their answer is lost (the caller sees a timeout). */
  loseAnswers: number;
  /** Extra delay on every call, beyond PSP_SIM_LATENCY_MS (longer than PSP_TIMEOUT_MS makes calls time out). */
  extraLatencyMs: number;
  /** Delay before a disputed card's dispute is opened. */
  disputeDelayMs: number;
}

/**
 * A PSP inside the repo that behaves like a real one: it tokenizes cards (remembering only how a
 * test card behaves, never its number), charges by idempotent reference, runs 3-D Secure
 * challenges, captures, voids, refunds, and reports every outcome as a signed webhook. Its state
 * lives in PostgreSQL (PspSimulatorStore), so every API and worker process sees the same "remote"
 * PSP, and a Redis restart loses none of it, as a real PSP would lose none of its cards.
 */
@Injectable()
export class PspSimulator extends PaymentProvider {
  private readonly logger = new Logger('PspSimulator');
  readonly faults: SimulatorFaults = { loseAnswers: 0, extraLatencyMs: 0, disputeDelayMs: 100 };
  private webhookUrl: string;
  private readonly sources = new Map<string, StoredSource>();

  constructor(
    private readonly store: PspSimulatorStore,
    @Inject(paymentsConfig.KEY) private readonly config: PaymentsConfig,
  ) {
    super();
    this.webhookUrl = config.simulator.webhookUrl;
  }

  /** Where webhooks go (tests point it at their ephemeral port). */
  setWebhookUrl(url: string): void {
    this.webhookUrl = url;
  }

  private async latency(): Promise<void> {
    const ms = this.config.simulator.latencyMs + this.faults.extraLatencyMs;
    if (ms > 0) await sleep(ms);
  }

  /** A source by its token: how it behaves never changes once issued, so a process reads each once (a bounded cache). */
  private async source(token: string): Promise<StoredSource | null> {
    const known = this.sources.get(token);
    if (known) return known;
    const read = await this.store.get<StoredSource>('source', token);
    if (read) {
      if (this.sources.size >= 10_000) this.sources.clear();
      this.sources.set(token, read);
    }
    return read;
  }

  async tokenizeCard(card: CardDetails): Promise<CardToken> {
    await this.latency();
    const problem = cardProblem(card);
    if (problem) throw new PspCardRejected(problem);
    const digits = normaliseCardNumber(card.number);
    const token = `tok_${randomBytes(12).toString('hex')}`;
    const stored: StoredSource = { behaviour: TEST_CARDS[digits] ?? 'succeed' };
    await this.store.put('source', token, stored);
    return { token, brand: brandOf(digits)!, last4: digits.slice(-4), expMonth: card.expMonth, expYear: fullYear(card.expYear) };
  }

  async linkWallet(email: string): Promise<{ token: string; label: string }> {
    await this.latency();
    const token = `wal_${randomBytes(12).toString('hex')}`;
    await this.store.put('source', token, { behaviour: 'succeed' } satisfies StoredSource);
    const [user, domain] = email.split('@');
    return { token, label: `${user.slice(0, 1)}***@${domain}` };
  }

  async createPayoutAccount(input: { holderName: string; accountNumber: string }): Promise<{ ref: string }> {
    await this.latency();
    void input;
    return { ref: `ba_${randomBytes(12).toString('hex')}` };
  }

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    await this.latency();
    const chargeId = `ch_${randomBytes(12).toString('hex')}`;
    const source = await this.source(request.sourceToken);
    const behaviour: Behaviour = source ? source.behaviour : 'decline';
    const charge: StoredCharge = {
      chargeId,
      reference: request.reference,
      status: 'processing',
      amountMinor: request.amountMinor.toString(),
      capturedMinor: '0',
      refundedMinor: '0',
      currency: request.currency,
      capture: request.capture,
      behaviour,
    };
    if (behaviour === 'decline') this.fail(charge, 'card_declined', 'The card was declined');
    else if (behaviour === 'insufficient') this.fail(charge, 'insufficient_funds', 'The card has insufficient funds');
    else if (behaviour === 'three_ds') charge.status = 'requires_action';
    else this.authorise(charge);
    if (!source) charge.failureMessage = 'Unknown payment method';
    // Idempotent on our reference: the reference's claim and the charge in one statement (a charge
    // exists exactly when its reference was claimed), and a retried call gets the first one's charge.
    if (!(await this.store.claimWith('ref', request.reference, chargeId, 'charge', chargeId, charge))) {
      const existing = await this.loadByReference(request.reference);
      if (!existing) throw new Error(`PSP: reference ${request.reference} without its charge`);
      return this.outcome(existing);
    }
    this.afterOutcome(charge);
    if (this.faults.loseAnswers > 0) {
      this.faults.loseAnswers -= 1;
      throw new PspTimeout('charge (answer lost)');
    }
    return this.outcome(charge);
  }

  async completeChallenge(chargeId: string, passed: boolean): Promise<ChargeOutcome> {
    await this.latency();
    const charge = await this.load(chargeId);
    if (charge.status === 'requires_action') {
      if (passed) this.authorise(charge);
      else this.fail(charge, 'authentication_failed', '3-D Secure authentication failed');
      await this.save(charge);
      this.afterOutcome(charge);
    }
    return this.outcome(charge);
  }

  async capture(chargeId: string, amountMinor: bigint): Promise<ChargeOutcome> {
    await this.latency();
    const charge = await this.load(chargeId);
    if (charge.status === 'requires_capture') {
      charge.status = 'succeeded';
      charge.capturedMinor = amountMinor.toString();
      await this.save(charge);
      this.afterOutcome(charge);
    }
    return this.outcome(charge);
  }

  async cancel(chargeId: string): Promise<ChargeOutcome> {
    await this.latency();
    const charge = await this.load(chargeId);
    if (charge.status !== 'succeeded' && charge.status !== 'failed') {
      charge.status = 'canceled';
      await this.save(charge);
    }
    return this.outcome(charge);
  }

  async refund(chargeId: string, amountMinor: bigint, idempotencyKey: string): Promise<{ refundId: string }> {
    await this.latency();
    const refundId = `re_${randomBytes(12).toString('hex')}`;
    if (!(await this.store.claim('refund', idempotencyKey, refundId)))
      return { refundId: (await this.store.get<string>('refund', idempotencyKey))! };
    const charge = await this.load(chargeId);
    const refunded = BigInt(charge.refundedMinor) + amountMinor;
    if (refunded > BigInt(charge.capturedMinor)) throw new Error('PSP: refund exceeds the captured amount');
    charge.refundedMinor = refunded.toString();
    await this.save(charge);
    return { refundId };
  }

  async payout(request: { reference: string; destinationToken: string; amountMinor: bigint; currency: string }): Promise<{
    payoutId: string;
  }> {
    await this.latency();
    const payoutId = `po_${randomBytes(12).toString('hex')}`;
    if (!(await this.store.claim('payout', request.reference, payoutId))) {
      return { payoutId: (await this.store.get<string>('payout', request.reference))! };
    }
    const source = await this.store.get<StoredSource>('source', request.destinationToken);
    if (!source) {
      await this.store.delete('payout', request.reference);
      throw new Error('PSP: unknown payout destination');
    }
    return { payoutId };
  }

  async findCharge(reference: string): Promise<ChargeOutcome | null> {
    await this.latency();
    const charge = await this.loadByReference(reference);
    return charge ? this.outcome(charge) : null;
  }

  /** Opens a dispute on a charge, as a cardholder's bank would; announced by webhook. */
  async openDispute(chargeId: string, reason = 'fraudulent'): Promise<string> {
    const charge = await this.load(chargeId);
    const disputeId = `dp_${randomBytes(12).toString('hex')}`;
    await this.store.put('dispute', disputeId, chargeId);
    await this.send({
      id: `evt_${randomBytes(12).toString('hex')}`,
      type: 'dispute.created',
      created: Math.floor(Date.now() / 1000),
      data: { disputeId, chargeId, amountMinor: charge.capturedMinor, currency: charge.currency, reason },
    });
    return disputeId;
  }

  /** Closes a dispute as the card network decided it; announced by webhook. */
  async closeDispute(disputeId: string, status: 'won' | 'lost'): Promise<void> {
    const chargeId = await this.store.get<string>('dispute', disputeId);
    if (!chargeId) throw new Error(`PSP: no dispute ${disputeId}`);
    await this.send({
      id: `evt_${randomBytes(12).toString('hex')}`,
      type: 'dispute.closed',
      created: Math.floor(Date.now() / 1000),
      data: { disputeId, chargeId, status },
    });
  }

  /** Signs and posts an event to the configured webhook URL; a few retries, then it gives up (reconciliation covers the rest). */
  async send(event: PspEvent): Promise<boolean> {
    const body = JSON.stringify(event);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      try {
        const res = await fetch(this.webhookUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [SIGNATURE_HEADER]: signPayload(this.config.webhookSecret, body, Math.floor(Date.now() / 1000)),
          },
          body,
          signal: AbortSignal.timeout(5_000),
        });
        if (res.ok) return true;
      } catch {
        // retried below
      }
      await sleep(100 * attempt);
    }
    this.logger.warn({ eventId: event.id, type: event.type }, 'webhook not delivered');
    return false;
  }

  private authorise(charge: StoredCharge): void {
    charge.status = charge.capture ? 'succeeded' : 'requires_capture';
    if (charge.capture) charge.capturedMinor = charge.amountMinor;
  }

  private fail(charge: StoredCharge, code: string, message: string): void {
    charge.status = 'failed';
    charge.failureCode = code;
    charge.failureMessage = message;
  }

  /**
   * Webhooks after the answer, and the dispute a 0259 card brings once it has been captured. A
   * real PSP delivers its webhooks from a queue, after its API answer (Stripe's within seconds),
   * so they are sent WEBHOOK_DELAY_MS later: by then the caller has usually applied the answer and
   * the webhook is recorded without the intent's lock. Sent at once, every one raced the caller's
   * own settlement and waited on that lock.
   */
  private afterOutcome(charge: StoredCharge): void {
    if (!this.config.simulator.webhooks) return;
    const event: PspEvent = {
      id: `evt_${randomBytes(12).toString('hex')}`,
      type: 'charge.updated',
      created: Math.floor(Date.now() / 1000),
      data: { charge: toWire(this.outcome(charge)) },
    };
    setTimeout(() => void this.send(event), WEBHOOK_DELAY_MS).unref();
    if (charge.behaviour === 'dispute' && charge.status === 'succeeded') {
      setTimeout(() => void this.openDispute(charge.chargeId).catch(() => undefined), this.faults.disputeDelayMs).unref();
    }
  }

  private outcome(c: StoredCharge): ChargeOutcome {
    return {
      chargeId: c.chargeId,
      reference: c.reference,
      status: c.status,
      amountMinor: BigInt(c.amountMinor),
      currency: c.currency,
      ...(c.failureCode ? { failureCode: c.failureCode, failureMessage: c.failureMessage } : {}),
      ...(c.status === 'requires_action' ? { challengeId: c.chargeId } : {}),
    };
  }

  private async save(charge: StoredCharge): Promise<void> {
    await this.store.put('charge', charge.chargeId, charge);
  }

  private async load(chargeId: string): Promise<StoredCharge> {
    const charge = await this.store.get<StoredCharge>('charge', chargeId);
    if (!charge) throw new Error(`PSP: no charge ${chargeId}`);
    return charge;
  }

  private async loadByReference(reference: string): Promise<StoredCharge | null> {
    const chargeId = await this.store.get<string>('ref', reference);
    return chargeId ? this.store.get<StoredCharge>('charge', chargeId) : null;
  }
}
