import type { INestApplication } from '@nestjs/common';
import { KEDAI_SUPPORT_BUSINESS_ID } from '@kedai/support';
import { signIn, uniquePhone, type SignedIn } from './support/auth';
import { ok, refusal } from './support/business-access';
import { eventually, TestEnv } from './support/test-env';

const ME = `{ me { id platformAdmin } }`;
const GRANT = `mutation($p: String!) { grantSupportAgent(phone: $p) { person { id } role since } }`;
const REVOKE = `mutation($id: ID!) { revokeSupportAgent(personId: $id) }`;
const STAFF = `{ supportStaff { person { id displayName } role } }`;
const QUEUE = `query($b: ID!) { supportQueue(businessId: $b) { id conversationId status reason } }`;
const CLAIM = `mutation($h: ID!) { claimConversation(handoffId: $h) { id status agentId } }`;
const START_SUPPORT = `mutation { startSupportConversation { conversationId } }`;
const SEND = `mutation($c: ID!, $id: String!, $b: String!) { sendMessage(conversationId: $c, clientMessageId: $id, content: { text: { body: $b } }) { id seq } }`;
const HISTORY = `query($c: ID!) { messages(conversationId: $c, first: 50) { messages { seq senderKind content { ... on TextContent { body } ... on InteractiveContent { body } } } } }`;

/**
 * Kedai Support's staff: a platform administrator (PLATFORM_ADMIN_PHONES) makes a person an
 * agent through GraphQL; the new agent then works Kedai Support's queue. Anyone else is refused
 * with PLATFORM_ADMIN_REQUIRED and changes nothing.
 */
describe('Kedai Support staff', () => {
  let env: TestEnv;
  let api: INestApplication;
  const adminPhone = uniquePhone();
  let admin: SignedIn;
  let n = 0;
  const key = () => `staff-${process.pid}-${(n += 1)}`;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api({ env: { PLATFORM_ADMIN_PHONES: adminPhone } });
    await env.worker();
    admin = await signIn(env, api, adminPhone);
  });
  afterAll(() => env.close());

  const staffRows = async (personId: string) =>
    (
      await (
        await env.sql()
      ).query('select role from business_member where business_id = $1 and person_id = $2', [KEDAI_SUPPORT_BUSINESS_ID, personId])
    ).rows;

  it('an administrator grants the role; the new agent sees the queue, claims a conversation and replies', async () => {
    const candidate = await signIn(env, api);
    expect((await ok(api, admin.auth, ME)).me.platformAdmin).toBe(true);
    expect((await ok(api, candidate.auth, ME)).me.platformAdmin).toBe(false);
    expect((await refusal(api, candidate.auth, QUEUE, { b: KEDAI_SUPPORT_BUSINESS_ID })).extensions.code).toBe('FORBIDDEN');

    const granted = (await ok(api, admin.auth, GRANT, { p: candidate.phone })).grantSupportAgent;
    expect(granted).toMatchObject({ person: { id: candidate.personId }, role: 'AGENT' });
    // Granting again changes nothing.
    expect((await ok(api, admin.auth, GRANT, { p: candidate.phone })).grantSupportAgent.since).toBe(granted.since);
    expect(await staffRows(candidate.personId)).toEqual([{ role: 'agent' }]);
    const staff = (await ok(api, admin.auth, STAFF)).supportStaff as { person: { id: string }; role: string }[];
    expect(staff).toContainEqual(
      expect.objectContaining({ person: expect.objectContaining({ id: candidate.personId }), role: 'AGENT' }),
    );

    // A person asks Kedai Support for a human; the new agent finds them in the queue and takes over.
    const person = await signIn(env, api);
    const c = (await ok(api, person.auth, START_SUPPORT)).startSupportConversation.conversationId as string;
    await ok(api, person.auth, SEND, { c, id: key(), b: 'I want to talk to a real person please' });
    const waiting = await eventually(async () => {
      const queue = (await ok(api, candidate.auth, QUEUE, { b: KEDAI_SUPPORT_BUSINESS_ID })).supportQueue as {
        id: string;
        conversationId: string;
        status: string;
      }[];
      return queue.find((h) => h.conversationId === c) ?? null;
    }, 'the conversation in the queue');
    expect(waiting.status).toBe('WAITING');
    const claimed = (await ok(api, candidate.auth, CLAIM, { h: waiting.id })).claimConversation;
    expect(claimed).toMatchObject({ status: 'CLAIMED', agentId: candidate.personId });
    await ok(api, candidate.auth, SEND, { c, id: key(), b: 'Hi, this is Kedai Support. How can I help?' });
    const seen = (await ok(api, person.auth, HISTORY, { c })).messages.messages as { content: { body?: string } }[];
    expect(seen.map((m) => m.content.body)).toContain('Hi, this is Kedai Support. How can I help?');

    // Revoked: the queue is closed to them again; revoking twice is NOT_FOUND.
    expect((await ok(api, admin.auth, REVOKE, { id: candidate.personId })).revokeSupportAgent).toBe(true);
    expect(await staffRows(candidate.personId)).toEqual([]);
    expect((await refusal(api, candidate.auth, QUEUE, { b: KEDAI_SUPPORT_BUSINESS_ID })).extensions.code).toBe('FORBIDDEN');
    expect((await refusal(api, admin.auth, REVOKE, { id: candidate.personId })).extensions.code).toBe('NOT_FOUND');
  });

  it('anyone but an administrator is refused with a stable code and changes nothing', async () => {
    const someone = await signIn(env, api);
    const target = await signIn(env, api);
    for (const [doc, vars] of [
      [GRANT, { p: target.phone }],
      [GRANT, { p: someone.phone }],
      [STAFF, {}],
    ] as const)
      expect((await refusal(api, someone.auth, doc, vars)).extensions.code).toBe('PLATFORM_ADMIN_REQUIRED');
    expect(await staffRows(target.personId)).toEqual([]);
    expect(await staffRows(someone.personId)).toEqual([]);

    // An agent of Kedai Support is staff, not an administrator: they cannot add or remove colleagues.
    await ok(api, admin.auth, GRANT, { p: someone.phone });
    expect((await refusal(api, someone.auth, GRANT, { p: target.phone })).extensions.code).toBe('PLATFORM_ADMIN_REQUIRED');
    expect((await refusal(api, someone.auth, REVOKE, { id: someone.personId })).extensions.code).toBe('PLATFORM_ADMIN_REQUIRED');
    expect(await staffRows(target.personId)).toEqual([]);
    expect(await staffRows(someone.personId)).toEqual([{ role: 'agent' }]);

    expect((await refusal(api, {}, GRANT, { p: target.phone })).extensions.code).toBe('UNAUTHENTICATED');
  });

  it('an administrator is told when the phone is malformed or has no account', async () => {
    expect((await refusal(api, admin.auth, GRANT, { p: 'not a phone' })).extensions.code).toBe('INVALID_PHONE');
    expect((await refusal(api, admin.auth, GRANT, { p: uniquePhone() })).extensions.code).toBe('PERSON_NOT_FOUND');
    expect((await refusal(api, admin.auth, REVOKE, { id: '00000000-0000-4000-8000-000000000001' })).extensions.code).toBe(
      'NOT_FOUND',
    );
  });
});
