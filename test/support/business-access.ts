import type { INestApplication } from '@nestjs/common';
import { gql } from './test-env';

/** GraphQL documents of the business access surface, shared by the business e2e files. */
export const OPS = {
  create: `mutation($input: CreateBusinessInput!) { createBusiness(input: $input) {
    id handle name currency country logoUrl contactPhone timezone
    openingHours { monday { open close } tuesday { open close } sunday { open close } } } }`,
  update: `mutation($businessId: ID!, $input: UpdateBusinessInput!) { updateBusiness(businessId: $businessId, input: $input) {
    id name logoUrl contactPhone timezone openingHours { monday { open close } } } }`,
  byHandle: `query($handle: String!) { business(handle: $handle) { id handle contactPhone timezone logoUrl openingHours { monday { open close } } } }`,
  myBusinesses: `{ myBusinesses { businessId personId role permissions business { handle } } }`,
  members: `query($businessId: ID!) { businessMembers(businessId: $businessId) { personId role person { id displayName } } }`,
  invite: `mutation($businessId: ID!, $phone: String!, $role: InvitableRole!) {
    inviteMember(businessId: $businessId, phone: $phone, role: $role) { id phone role status expiresAt createdAt } }`,
  myInvitations: `{ myInvitations { id role status business { handle } invitedBy { id } } }`,
  businessInvitations: `query($businessId: ID!) { businessInvitations(businessId: $businessId) { id phone role status } }`,
  accept: `mutation($id: ID!) { acceptInvitation(id: $id) { businessId personId role } }`,
  revokeInvitation: `mutation($id: ID!) { revokeInvitation(id: $id) { id status revokedAt } }`,
  changeRole: `mutation($businessId: ID!, $personId: ID!, $role: BusinessRole!) {
    changeMemberRole(businessId: $businessId, personId: $personId, role: $role) { personId role permissions } }`,
  remove: `mutation($businessId: ID!, $personId: ID!) { removeMember(businessId: $businessId, personId: $personId) }`,
  leave: `mutation($businessId: ID!) { leaveBusiness(businessId: $businessId) }`,
  createKey: `mutation($businessId: ID!, $name: String!, $scopes: [BusinessPermission!]!) {
    createApiKey(businessId: $businessId, name: $name, scopes: $scopes) { key apiKey { id businessId name prefix scopes lastUsedAt revokedAt } } }`,
  keys: `query($businessId: ID!) { apiKeys(businessId: $businessId) { id name prefix scopes createdAt lastUsedAt revokedAt } }`,
  revokeKey: `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`,
};

export type Headers = Record<string, string>;

/** Runs an operation that must succeed and returns its data (untyped, as response bodies are). */
export async function ok(api: INestApplication, headers: Headers, doc: string, vars: Record<string, unknown> = {}) {
  const res = await gql(api, doc, vars, headers);
  if (res.body.errors) throw new Error(`expected success, got ${JSON.stringify(res.body.errors)}`);
  return res.body.data;
}

/** Runs an operation that must fail and returns its first error ({ message, extensions: { code, … } }). */
export async function refusal(api: INestApplication, headers: Headers, doc: string, vars: Record<string, unknown> = {}) {
  const res = await gql(api, doc, vars, headers);
  if (!res.body.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(res.body.data)}`);
  return res.body.errors[0] as { message: string; path?: string[]; extensions: { code: string; [k: string]: unknown } };
}

/** The code of the refusal an operation must meet. */
export async function refused(api: INestApplication, headers: Headers, doc: string, vars: Record<string, unknown> = {}) {
  return (await refusal(api, headers, doc, vars)).extensions.code;
}

let nextHandle = 0;
export function uniqueHandle(stem = 'shop'): string {
  nextHandle += 1;
  return `${stem}.${process.pid % 10000}.${nextHandle}`;
}

/** A minimal valid createBusiness input. */
export function businessInput(overrides: Record<string, unknown> = {}) {
  return { handle: uniqueHandle(), name: 'Kopi Corner', currency: 'MYR', country: 'MY', ...overrides };
}
