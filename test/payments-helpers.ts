import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { signIn, type SignedIn } from './support/auth';
import { gql } from './support/test-env';

/** GraphQL documents of the payments surface, shared by the payments e2e files. */
export const PAY = {
  profile: `mutation($d: String!) { updateProfile(input: { dateOfBirth: $d }) { id } }`,
  createBusiness: `mutation($i: CreateBusinessInput!) { createBusiness(input: $i) { id } }`,
  payout: `mutation($b: ID!) { setPayoutAccount(businessId: $b, input: { holderName: "Kopi Sdn Bhd", bankName: "Maybank", accountNumber: "5140 1234 5678" }) { businessId accountLast4 platformFeeBps } }`,
  addCard: `mutation($i: AddCardInput!) { addCard(input: $i) { id kind brand last4 expMonth expYear isDefault } }`,
  sources: `{ myFundingSources { id kind brand last4 label isDefault currency } }`,
  create: `mutation($i: CreatePaymentIntentInput!) { createPaymentIntent(input: $i) { ...I } }`,
  confirm: `mutation($id: ID!, $i: ConfirmPaymentIntentInput) { confirmPaymentIntent(id: $id, input: $i) { ...I } }`,
  intent: `query($id: ID!) { paymentIntent(id: $id) { ...I } }`,
  threeDS: `mutation($id: ID!, $p: Boolean!) { completeThreeDSChallenge(id: $id, passed: $p) { ...I } }`,
  capture: `mutation($id: ID!, $a: String, $k: String) { capturePaymentIntent(id: $id, amount: $a, idempotencyKey: $k) { ...I } }`,
  cancel: `mutation($id: ID!) { cancelPaymentIntent(id: $id) { ...I } }`,
  refund: `mutation($id: ID!, $a: String, $k: String) { refundPayment(id: $id, amount: $a, idempotencyKey: $k) { ...I } }`,
  balance: `query($b: ID!) { merchantBalance(businessId: $b, currency: "MYR") { available { amount } held { amount } } }`,
  recon: `query($b: ID!) { paymentsReconciliation(businessId: $b, currency: "MYR") { balanced intents mismatchedIntentIds expectedAvailable { amount } ledgerAvailable { amount } ledgerHeld { amount } } }`,
};
const FRAGMENT = `fragment I on PaymentIntent { id state failureCode businessId fundingSourceId nextAction { type challengeId }
  amount { amount } amountAuthorized { amount } amountCaptured { amount } amountRefunded { amount } amountDisputed { amount } }`;

export interface Intent {
  id: string;
  state: string;
  failureCode: string | null;
  nextAction: { type: string; challengeId: string } | null;
  amountCaptured: { amount: string };
  amountRefunded: { amount: string };
  amountDisputed: { amount: string };
}

/** Runs an operation; answers `{ data, error }` with the first error's code. */
export async function call(
  api: INestApplication,
  who: SignedIn | Record<string, string>,
  doc: string,
  vars: Record<string, unknown> = {},
) {
  const headers = 'auth' in who ? (who as SignedIn).auth : (who as Record<string, string>);
  const res = await gql(api, doc.includes('...I') ? `${doc}\n${FRAGMENT}` : doc, vars, headers);
  const error = res.body.errors?.[0] as { message: string; extensions: { code: string; [k: string]: unknown } } | undefined;
  return { data: res.body.data, error, code: error?.extensions.code, status: res.status };
}

export async function must(api: INestApplication, who: SignedIn, doc: string, vars: Record<string, unknown> = {}) {
  const r = await call(api, who, doc, vars);
  if (r.error) throw new Error(`expected success, got ${JSON.stringify(r.error)}`);
  return r.data;
}

let nextRef = 0;
/** Order ids without long digit runs (the leak test looks for card-like numbers everywhere). */
export const orderRef = (): string => `order-${randomBytes(6).toString('base64url')}`;

export const CARDS = {
  ok: '4242424242424242',
  declined: '4000000000000002',
  insufficient: '4000000000009995',
  threeDS: '4000002760003184',
  disputed: '4000000000000259',
} as const;

/** A signed-in adult shopper in Malaysia (eligible to pay). */
export async function shopper(env: Parameters<typeof signIn>[0], api: INestApplication): Promise<SignedIn> {
  const s = await signIn(env, api);
  await must(api, s, PAY.profile, { d: '1990-05-17' });
  return s;
}

/** A merchant with a business that can take payments. */
export async function merchant(
  env: Parameters<typeof signIn>[0],
  api: INestApplication,
): Promise<{ owner: SignedIn; businessId: string }> {
  const owner = await signIn(env, api);
  const handle = `pay.${process.pid % 10000}.${(nextRef += 1)}`;
  const created = await must(api, owner, PAY.createBusiness, {
    i: { handle, name: `Shop ${handle}`, currency: 'MYR', country: 'MY' },
  });
  const businessId = created.createBusiness.id as string;
  await must(api, owner, PAY.payout, { b: businessId });
  return { owner, businessId };
}

export async function addCard(api: INestApplication, s: SignedIn, number: string, makeDefault = true): Promise<string> {
  const d = await must(api, s, PAY.addCard, { i: { number, expMonth: 12, expYear: 2034, cvc: '123', makeDefault } });
  return d.addCard.id as string;
}

export async function createIntent(
  api: INestApplication,
  s: SignedIn,
  businessId: string,
  amount: string,
  extra: Record<string, unknown> = {},
): Promise<Intent> {
  const d = await must(api, s, PAY.create, {
    i: { businessId, amount, currency: 'MYR', purpose: { kind: 'ORDER', referenceId: orderRef() }, ...extra },
  });
  return d.createPaymentIntent as Intent;
}
