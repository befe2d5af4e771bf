import type { INestApplication } from '@nestjs/common';
import { MikroORM, RequestContext as OrmContext } from '@mikro-orm/postgresql';
import { RequestContext } from '@kedai/core';
import { BusinessAccessService } from '@kedai/business';
import { signIn, uniquePhone, type SignedIn } from './support/auth';
import { businessInput, ok, OPS, refusal, refused, uniqueHandle } from './support/business-access';
import { gql, TestEnv } from './support/test-env';

const ALL = [
  'APIKEYS_MANAGE',
  'BUSINESS_EDIT',
  'CATALOG_WRITE',
  'CHATS_ANSWER',
  'MEMBERS_MANAGE',
  'ORDERS_MANAGE',
  'ORDERS_READ',
  'ORDERS_REFUND',
];
const NOBODY_ID = '01935d6a-0000-7000-8000-000000000000';

describe('business access: owners, members, roles and invitations', () => {
  let env: TestEnv;
  let api: INestApplication;
  const count = async (sql: string, params: unknown[] = []) => (await (await env.sql()).query(sql, params)).rows[0].n as number;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api({ env: { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_ACCOUNT: '100000' } });
  });
  afterAll(() => env.close());

  const person = () => signIn(env, api);
  const createBusiness = async (owner: SignedIn, input: Record<string, unknown> = {}) =>
    (await ok(api, owner.auth, OPS.create, { input: businessInput(input) })).createBusiness as { id: string; handle: string };
  const invite = async (by: SignedIn, businessId: string, phone: string, role: string) =>
    (await ok(api, by.auth, OPS.invite, { businessId, phone, role })).inviteMember as { id: string };
  const join = async (owner: SignedIn, businessId: string, who: SignedIn, role: 'ADMIN' | 'AGENT') =>
    ok(api, who.auth, OPS.accept, { id: (await invite(owner, businessId, who.phone, role)).id });

  /** A business with an owner, an admin and an agent, each signed in. */
  async function staffedBusiness() {
    const [owner, admin, agent] = [await person(), await person(), await person()];
    const business = await createBusiness(owner);
    await join(owner, business.id, admin, 'ADMIN');
    await join(owner, business.id, agent, 'AGENT');
    return { business, owner, admin, agent };
  }

  describe('creating a business', () => {
    it('makes the signed-in person its owner, with the whole profile normalised', async () => {
      const owner = await person();
      const input = businessInput({
        contactPhone: '012-345 6789',
        timezone: 'asia/kuala_lumpur',
        logoUrl: 'https://cdn.example.com/kopi.png',
        openingHours: {
          monday: [
            { open: '08:00', close: '12:00' },
            { open: '13:00', close: '24:00' },
          ],
          sunday: [],
        },
      });
      const { createBusiness: made } = await ok(api, owner.auth, OPS.create, { input });
      expect(made).toMatchObject({
        handle: input.handle,
        contactPhone: '+60123456789',
        timezone: 'Asia/Kuala_Lumpur',
        logoUrl: 'https://cdn.example.com/kopi.png',
        openingHours: {
          monday: [
            { open: '08:00', close: '12:00' },
            { open: '13:00', close: '24:00' },
          ],
          tuesday: [],
          sunday: [],
        },
      });
      const { myBusinesses } = await ok(api, owner.auth, OPS.myBusinesses);
      expect(myBusinesses).toEqual([
        {
          businessId: made.id,
          personId: owner.personId,
          role: 'OWNER',
          permissions: expect.any(Array),
          business: { handle: input.handle },
        },
      ]);
      expect([...myBusinesses[0].permissions].sort()).toEqual(ALL);
      const { businessMembers } = await ok(api, owner.auth, OPS.members, { businessId: made.id });
      expect(businessMembers).toEqual([
        { personId: owner.personId, role: 'OWNER', person: { id: owner.personId, displayName: expect.any(String) } },
      ]);
    });

    it('keeps business(handle) public, new fields included', async () => {
      const owner = await person();
      const made = await createBusiness(owner, { contactPhone: '+60 12-345 6780' });
      const { business } = await ok(api, {}, OPS.byHandle, { handle: made.handle });
      expect(business).toMatchObject({
        id: made.id,
        contactPhone: '+60123456780',
        timezone: 'UTC',
        logoUrl: null,
        openingHours: null,
      });
    });

    it('refuses anonymous callers with UNAUTHENTICATED', async () => {
      expect(await refused(api, {}, OPS.create, { input: businessInput() })).toBe('UNAUTHENTICATED');
    });

    it('refuses a taken handle with HANDLE_TAKEN, writing neither a business nor a membership', async () => {
      const [first, second] = [await person(), await person()];
      const made = await createBusiness(first);
      const before = await count('select count(*)::int as n from business_member');
      expect(await refused(api, second.auth, OPS.create, { input: businessInput({ handle: made.handle.toUpperCase() }) })).toBe(
        'HANDLE_TAKEN',
      );
      expect(await count('select count(*)::int as n from business where handle = $1', [made.handle])).toBe(1);
      expect(await count('select count(*)::int as n from business_member')).toBe(before);
      expect((await ok(api, second.auth, OPS.myBusinesses)).myBusinesses).toEqual([]);
    });

    it('refuses bad fields with BAD_USER_INPUT naming each one, and writes nothing', async () => {
      const owner = await person();
      const handle = uniqueHandle();
      const error = await refusal(api, owner.auth, OPS.create, {
        input: businessInput({
          handle,
          currency: 'XYZ',
          timezone: 'Mars/Olympus_Mons',
          logoUrl: 'http://insecure.example.com/l.png',
          openingHours: {
            monday: [
              { open: '09:00', close: '13:00' },
              { open: '12:00', close: '17:00' },
            ],
          },
        }),
      });
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      const fields = (error.extensions.fields as { field: string }[]).map((f) => f.field).sort();
      expect(fields).toEqual(['currency', 'logoUrl', 'openingHours', 'timezone']);
      const phone = await refusal(api, owner.auth, OPS.create, { input: businessInput({ handle, contactPhone: '12345' }) });
      expect(phone.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'contactPhone' }] });
      expect(await count('select count(*)::int as n from business where handle = $1', [handle])).toBe(0);
      expect((await ok(api, owner.auth, OPS.myBusinesses)).myBusinesses).toEqual([]);
    });
  });

  describe('roles', () => {
    it('lets an agent see the members but not invite, edit, or manage keys', async () => {
      const { business, agent, owner } = await staffedBusiness();
      const businessId = business.id;
      const { businessMembers } = await ok(api, agent.auth, OPS.members, { businessId });
      expect(businessMembers.map((m: { role: string }) => m.role).sort()).toEqual(['ADMIN', 'AGENT', 'OWNER']);
      expect(await refused(api, agent.auth, OPS.invite, { businessId, phone: uniquePhone(), role: 'AGENT' })).toBe('FORBIDDEN');
      expect(await refused(api, agent.auth, OPS.update, { businessId, input: { name: 'Mine now' } })).toBe('FORBIDDEN');
      expect(await refused(api, agent.auth, OPS.createKey, { businessId, name: 'k', scopes: ['ORDERS_READ'] })).toBe('FORBIDDEN');
      expect(await refused(api, agent.auth, OPS.keys, { businessId })).toBe('FORBIDDEN');
      expect(await refused(api, agent.auth, OPS.remove, { businessId, personId: owner.personId })).toBe('FORBIDDEN');
      const { myBusinesses } = await ok(api, agent.auth, OPS.myBusinesses);
      expect(myBusinesses).toEqual([
        expect.objectContaining({ role: 'AGENT', permissions: ['ORDERS_READ', 'ORDERS_MANAGE', 'CHATS_ANSWER'] }),
      ]);
    });

    it('lets an admin invite and edit, but not remove, demote or make an owner', async () => {
      const { business, admin, agent, owner } = await staffedBusiness();
      const businessId = business.id;
      await ok(api, admin.auth, OPS.invite, { businessId, phone: uniquePhone(), role: 'ADMIN' });
      expect((await ok(api, admin.auth, OPS.update, { businessId, input: { name: 'Kopi Corner 2' } })).updateBusiness.name).toBe(
        'Kopi Corner 2',
      );
      expect(await refused(api, admin.auth, OPS.remove, { businessId, personId: owner.personId })).toBe('FORBIDDEN');
      expect(await refused(api, admin.auth, OPS.changeRole, { businessId, personId: owner.personId, role: 'ADMIN' })).toBe(
        'FORBIDDEN',
      );
      expect(await refused(api, admin.auth, OPS.changeRole, { businessId, personId: agent.personId, role: 'OWNER' })).toBe(
        'FORBIDDEN',
      );
      expect(
        (await ok(api, admin.auth, OPS.changeRole, { businessId, personId: agent.personId, role: 'ADMIN' })).changeMemberRole
          .role,
      ).toBe('ADMIN');
      expect(await ok(api, admin.auth, OPS.remove, { businessId, personId: agent.personId })).toEqual({ removeMember: true });
      expect(
        await count('select count(*)::int as n from business_member where business_id = $1 and role = $2', [businessId, 'owner']),
      ).toBe(1);
    });

    it('refuses a stranger everything in a business with FORBIDDEN, whether or not the business exists', async () => {
      const { business } = await staffedBusiness();
      const stranger = await person();
      for (const businessId of [business.id, NOBODY_ID]) {
        expect(await refused(api, stranger.auth, OPS.members, { businessId })).toBe('FORBIDDEN');
        expect(await refused(api, stranger.auth, OPS.update, { businessId, input: { name: 'x' } })).toBe('FORBIDDEN');
        expect(await refused(api, stranger.auth, OPS.invite, { businessId, phone: stranger.phone, role: 'ADMIN' })).toBe(
          'FORBIDDEN',
        );
        expect(await refused(api, stranger.auth, OPS.businessInvitations, { businessId })).toBe('FORBIDDEN');
        expect(await refused(api, stranger.auth, OPS.keys, { businessId })).toBe('FORBIDDEN');
        expect(await refused(api, stranger.auth, OPS.leave, { businessId })).toBe('FORBIDDEN');
      }
      expect(await refused(api, stranger.auth, OPS.members, { businessId: 'not-an-id' })).toBe('BAD_USER_INPUT');
    });

    it('never lets the last owner go: not by leaving, demotion or removal; after a handover they may', async () => {
      const { business, owner, admin } = await staffedBusiness();
      const businessId = business.id;
      expect(await refused(api, owner.auth, OPS.leave, { businessId })).toBe('LAST_OWNER');
      expect(await refused(api, owner.auth, OPS.changeRole, { businessId, personId: owner.personId, role: 'ADMIN' })).toBe(
        'LAST_OWNER',
      );
      expect(await refused(api, owner.auth, OPS.remove, { businessId, personId: owner.personId })).toBe('LAST_OWNER');

      await ok(api, owner.auth, OPS.changeRole, { businessId, personId: admin.personId, role: 'OWNER' });
      expect(await ok(api, owner.auth, OPS.leave, { businessId })).toEqual({ leaveBusiness: true });
      expect((await ok(api, owner.auth, OPS.myBusinesses)).myBusinesses).toEqual([]);
      expect(await refused(api, owner.auth, OPS.members, { businessId })).toBe('FORBIDDEN');
      expect(await refused(api, admin.auth, OPS.leave, { businessId })).toBe('LAST_OWNER');
    });

    it('keeps one owner when two owners demote each other at the same moment', async () => {
      for (let round = 0; round < 5; round++) {
        const { business, owner, admin } = await staffedBusiness();
        const businessId = business.id;
        await ok(api, owner.auth, OPS.changeRole, { businessId, personId: admin.personId, role: 'OWNER' });
        const outcomes = await Promise.all([
          refusalOrOk(owner, { businessId, personId: admin.personId, role: 'ADMIN' }),
          refusalOrOk(admin, { businessId, personId: owner.personId, role: 'ADMIN' }),
        ]);
        expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
        expect(
          await count(`select count(*)::int as n from business_member where business_id = $1 and role = 'owner'`, [businessId]),
        ).toBe(1);
      }
      async function refusalOrOk(who: SignedIn, vars: Record<string, unknown>): Promise<string> {
        const res = await gql(api, OPS.changeRole, vars, who.auth);
        return res.body.errors ? (res.body.errors[0].extensions.code as string) : 'ok';
      }
    });

    it('updates the profile with business:edit; null clears what may be cleared', async () => {
      const { business, owner } = await staffedBusiness();
      const businessId = business.id;
      const set = await ok(api, owner.auth, OPS.update, {
        businessId,
        input: {
          contactPhone: '012 345 6781',
          logoUrl: 'https://cdn.example.com/x.png',
          timezone: 'Asia/Singapore',
          openingHours: { monday: [{ open: '07:00', close: '15:00' }] },
        },
      });
      expect(set.updateBusiness).toMatchObject({
        contactPhone: '+60123456781',
        timezone: 'Asia/Singapore',
        openingHours: { monday: [{ open: '07:00', close: '15:00' }] },
      });
      const cleared = await ok(api, owner.auth, OPS.update, {
        businessId,
        input: { contactPhone: null, logoUrl: null, openingHours: null },
      });
      expect(cleared.updateBusiness).toMatchObject({
        contactPhone: null,
        logoUrl: null,
        openingHours: null,
        timezone: 'Asia/Singapore',
      });
      expect(await refused(api, owner.auth, OPS.update, { businessId, input: { name: null } })).toBe('BAD_USER_INPUT');
    });
  });

  describe('invitations', () => {
    it('are for the invitee only: listed to them by phone, refused to anyone else', async () => {
      const [owner, invitee, stranger] = [await person(), await person(), await person()];
      const business = await createBusiness(owner);
      const invitation = await invite(owner, business.id, invitee.phone, 'AGENT');
      const { myInvitations } = await ok(api, invitee.auth, OPS.myInvitations);
      expect(myInvitations).toEqual([
        {
          id: invitation.id,
          role: 'AGENT',
          status: 'PENDING',
          business: { handle: business.handle },
          invitedBy: { id: owner.personId },
        },
      ]);
      expect((await ok(api, stranger.auth, OPS.myInvitations)).myInvitations).toEqual([]);
      expect(await refused(api, stranger.auth, OPS.accept, { id: invitation.id })).toBe('FORBIDDEN');
      expect(await refused(api, owner.auth, OPS.accept, { id: invitation.id })).toBe('FORBIDDEN');
      expect(await refused(api, {}, OPS.accept, { id: invitation.id })).toBe('UNAUTHENTICATED');
      expect(await count('select count(*)::int as n from business_member where business_id = $1', [business.id])).toBe(1);
    });

    it('accepted twenty times at once make exactly one membership, and every call succeeds', async () => {
      const [owner, invitee] = [await person(), await person()];
      const business = await createBusiness(owner);
      const { id } = await invite(owner, business.id, invitee.phone, 'ADMIN');
      const answers = await Promise.all(Array.from({ length: 20 }, () => ok(api, invitee.auth, OPS.accept, { id })));
      for (const a of answers)
        expect(a.acceptInvitation).toEqual({ businessId: business.id, personId: invitee.personId, role: 'ADMIN' });
      expect(
        await count('select count(*)::int as n from business_member where business_id = $1 and person_id = $2', [
          business.id,
          invitee.personId,
        ]),
      ).toBe(1);
      expect(
        await count('select count(*)::int as n from business_invitation where id = $1 and accepted_by = $2', [
          id,
          invitee.personId,
        ]),
      ).toBe(1);
      expect((await ok(api, invitee.auth, OPS.myInvitations)).myInvitations).toEqual([]);
    });

    it('reach people who have not signed up yet, and refresh rather than pile up when sent again', async () => {
      const owner = await person();
      const business = await createBusiness(owner);
      const phone = uniquePhone();
      const local = `0${phone.slice(3)}`; // the same Malaysian number as people write it at home
      const first = await invite(owner, business.id, local, 'AGENT');
      const again = await invite(owner, business.id, phone, 'ADMIN');
      expect(again.id).toBe(first.id);
      const { businessInvitations } = await ok(api, owner.auth, OPS.businessInvitations, { businessId: business.id });
      expect(businessInvitations).toEqual([{ id: first.id, phone, role: 'ADMIN', status: 'PENDING' }]);
      const newcomer = await signIn(env, api, phone);
      expect((await ok(api, newcomer.auth, OPS.accept, { id: first.id })).acceptInvitation.role).toBe('ADMIN');
      expect(await refused(api, owner.auth, OPS.invite, { businessId: business.id, phone, role: 'AGENT' })).toBe(
        'ALREADY_MEMBER',
      );
      expect(await refused(api, owner.auth, OPS.invite, { businessId: business.id, phone: '12345', role: 'AGENT' })).toBe(
        'INVALID_PHONE',
      );
    });

    it('cannot be accepted once revoked or expired; an accepted one cannot be revoked', async () => {
      const [owner, invitee, other] = [await person(), await person(), await person()];
      const business = await createBusiness(owner);
      const revoked = await invite(owner, business.id, invitee.phone, 'AGENT');
      expect((await ok(api, owner.auth, OPS.revokeInvitation, { id: revoked.id })).revokeInvitation.status).toBe('REVOKED');
      expect(await refused(api, invitee.auth, OPS.accept, { id: revoked.id })).toBe('INVITATION_REVOKED');

      const expired = await invite(owner, business.id, invitee.phone, 'AGENT');
      await (
        await env.sql()
      ).query(`update business_invitation set expires_at = created_at + interval '1 millisecond' where id = $1`, [expired.id]);
      expect((await ok(api, invitee.auth, OPS.myInvitations)).myInvitations).toEqual([]);
      expect(await refused(api, invitee.auth, OPS.accept, { id: expired.id })).toBe('INVITATION_EXPIRED');

      const accepted = await invite(owner, business.id, other.phone, 'AGENT');
      await ok(api, other.auth, OPS.accept, { id: accepted.id });
      expect(await refused(api, owner.auth, OPS.revokeInvitation, { id: accepted.id })).toBe('INVITATION_USED');
      expect(await refused(api, invitee.auth, OPS.revokeInvitation, { id: accepted.id })).toBe('FORBIDDEN');
    });
  });

  describe('BusinessAccessService, as other domains call it', () => {
    const inRequest = <T>(fn: () => Promise<T>) => OrmContext.create(api.get(MikroORM).em, fn);

    it('looks a membership up once per request (the cache lives on the request context)', async () => {
      const { business, agent } = await staffedBusiness();
      const access = api.get(BusinessAccessService);
      const ctx = new RequestContext('req-1', { kind: 'person', personId: agent.personId, sessionId: agent.sessionId });
      await inRequest(() => access.require(ctx, business.id, 'orders:read'));
      await (
        await env.sql()
      ).query('delete from business_member where business_id = $1 and person_id = $2', [business.id, agent.personId]);
      // Same request: the answer it already had. A new request sees the change.
      await expect(inRequest(() => access.require(ctx, business.id, 'chats:answer'))).resolves.toBeUndefined();
      const next = new RequestContext('req-2', ctx.actor);
      await expect(inRequest(() => access.require(next, business.id, 'orders:read'))).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    });

    it('answers for API keys by business and scope, for the system always, and anonymous callers must sign in', async () => {
      const { business } = await staffedBusiness();
      const access = api.get(BusinessAccessService);
      const key = (businessId: string, scopes: string[]) =>
        new RequestContext('r', { kind: 'business', businessId, apiKeyId: NOBODY_ID, scopes });
      await expect(access.require(key(business.id, ['orders:read']), business.id, 'orders:read')).resolves.toBeUndefined();
      await expect(access.require(key(business.id, ['orders:read']), business.id, 'orders:refund')).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(access.require(key(NOBODY_ID, ['orders:read']), business.id, 'orders:read')).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(access.require(RequestContext.system('test'), business.id, 'orders:refund')).resolves.toBeUndefined();
      await expect(access.require(RequestContext.anonymous(), business.id, 'orders:read')).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
      });
    });
  });
});
