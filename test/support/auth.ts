import { readFile } from 'node:fs/promises';
import type { INestApplication } from '@nestjs/common';
import { gql, type TestEnv } from './test-env';

let nextPhone = 0;

/** A valid Malaysian mobile number no other test in this file uses. */
export function uniquePhone(): string {
  nextPhone += 1;
  return `+6012${String(process.pid % 1000).padStart(3, '0')}${String(nextPhone).padStart(4, '0')}`;
}

let nextIp = 0;
/**
 * A documentation-range address to send as X-Forwarded-For (the API trusts it from loopback, as it
 * would from its load balancer), so per-IP limits count each simulated device on its own.
 */
export function uniqueIp(): string {
  nextIp += 1;
  return `198.51.${Math.floor(nextIp / 250) % 250}.${(nextIp % 250) + 1}`;
}

/** The last code the development sender "delivered" to a phone (read as the phone's owner would). */
export async function lastCodeFor(env: TestEnv, phone: string): Promise<string> {
  const text = await readFile(env.devCodesFile, 'utf8').catch(() => '');
  const mine = text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { phone: string; code: string })
    .filter((m) => m.phone === phone);
  if (mine.length === 0) throw new Error(`no code was sent to ${phone}`);
  return mine[mine.length - 1].code;
}

export interface SignedIn {
  phone: string;
  personId: string;
  accessToken: string;
  refreshToken: string;
  sessionId: string;
  /** Headers that make a request as this person. */
  auth: Record<string, string>;
}

export const REQUEST_CODE = `mutation($phone: String!) { requestSignInCode(phone: $phone) { phone expiresAt } }`;
export const VERIFY_CODE = `mutation($phone: String!, $code: String!) {
  verifySignInCode(phone: $phone, code: $code) { accessToken refreshToken sessionId newAccount accessTokenExpiresAt }
}`;

/** Signs a person in through the real GraphQL flow: request a code, read it, verify it. */
export async function signIn(env: TestEnv, api: INestApplication, phone = uniquePhone()): Promise<SignedIn> {
  const device = { 'x-forwarded-for': uniqueIp() };
  const sent = await gql(api, REQUEST_CODE, { phone }, device);
  if (sent.body.errors) throw new Error(`requestSignInCode failed: ${JSON.stringify(sent.body.errors)}`);
  const code = await lastCodeFor(env, phone);
  const res = await gql(api, VERIFY_CODE, { phone, code }, device);
  if (res.body.errors) throw new Error(`verifySignInCode failed: ${JSON.stringify(res.body.errors)}`);
  const tokens = res.body.data.verifySignInCode as { accessToken: string; refreshToken: string; sessionId: string };
  const me = await gql(api, '{ me { id } }', {}, { authorization: `Bearer ${tokens.accessToken}` });
  return { phone, personId: me.body.data.me.id as string, ...tokens, auth: { authorization: `Bearer ${tokens.accessToken}` } };
}
