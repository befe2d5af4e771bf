import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { signIn, type SignedIn } from './support/auth';
import { eventually, TestEnv } from './support/test-env';
import { addCard, call, CARDS, must, shopper } from './payments-helpers';

const P2P = {
  direct: `mutation($p: ID!) { startDirectConversation(personId: $p) { id } }`,
  group: `mutation($t: String!, $m: [ID!]!) { createGroup(title: $t, memberIds: $m) { id } }`,
  send: `mutation($c: ID!, $a: String!, $k: String!, $r: ID, $s: ID, $n: String) {
    sendMoney(conversationId: $c, amount: $a, currency: "MYR", idempotencyKey: $k, recipientId: $r, fundingSourceId: $s, note: $n) {
      id status senderId recipientId amount { amount } intentId failureCode report { status } } }`,
  transfer: `query($id: ID!) { transfer(id: $id) { id status report { id reason status } } }`,
  wallet: `{ kedaiWalletBalance(currency: "MYR") { amount } }`,
  enableWallet: `mutation { enableKedaiWallet(currency: "MYR") { id } }`,
  history: `query($c: ID!) { messages(conversationId: $c, first: 50) { messages { kind content { __typename ... on PaymentContent { paymentId status amount { amount } } ... on PaymentRequestContent { requestId status amount { amount } } } } } }`,
  request: `mutation($c: ID!, $a: String!, $e: Int) { requestMoney(conversationId: $c, amount: $a, currency: "MYR", note: "dinner", expiresInS: $e) { id status payerId expiresAt } }`,
  pay: `mutation($r: ID!, $k: String!, $s: ID) { payMoneyRequest(requestId: $r, idempotencyKey: $k, fundingSourceId: $s) { id status transferId } }`,
  decline: `mutation($r: ID!) { declineMoneyRequest(requestId: $r) { id status } }`,
  cancel: `mutation($r: ID!) { cancelMoneyRequest(requestId: $r) { id status } }`,
  get: `query($id: ID!) { moneyRequest(id: $id) { id status transferId } }`,
  groupRequest: `mutation($c: ID!, $t: String!, $s: SplitKind!, $m: [ID!], $a: [String!]) {
    requestMoneyFromGroup(conversationId: $c, total: $t, currency: "MYR", split: $s, memberIds: $m, amounts: $a) {
      id total { amount } paidCount parts { id payerId status amount { amount } } } }`,
  groupGet: `query($id: ID!) { moneyRequestGroup(id: $id) { paidCount paid { amount } parts { payerId status } } }`,
  block: `mutation($p: ID!) { blockPerson(personId: $p) }`,
  unblock: `mutation($p: ID!) { unblockPerson(personId: $p) }`,
  report: `mutation($t: ID!) { reportTransfer(transferId: $t, reason: NOT_RECEIVED) { id status reason } }`,
  withdraw: `mutation($a: String!, $s: ID!, $k: String!) { withdrawToFundingSource(amount: $a, currency: "MYR", fundingSourceId: $s, idempotencyKey: $k) { payoutId balance { amount } } }`,
  createLink: `mutation($a: String!, $e: Int!) { createPaymentLink(amount: $a, currency: "MYR", expiresInS: $e, note: "tickets") { token url status amount { amount } } }`,
  openLink: `query($t: String!) { openPaymentLink(token: $t) { kind status recipient { id kind handle } amount { amount } } }`,
  payLink: `mutation($t: String!, $k: String!, $s: ID) { payPaymentLink(token: $t, idempotencyKey: $k, fundingSourceId: $s) { id status amount { amount } } }`,
  myLink: `query { myPaymentLink(amount: "1500", note: "kopi") { url handle qrPng qrSvg } }`,
  handle: `mutation($h: String!) { updateProfile(input: { handle: $h }) { id } }`,
};

describe('money between people', () => {
  let env: TestEnv;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let key = 0;
  const k = () => `p2p-key-${process.pid}-${(key += 1)}`;

  beforeAll(async () => {
    env = await TestEnv.create();
    const options = { env: { P2P_MAX_TRANSFER_MINOR: '100000', P2P_DAILY_LIMIT_MINOR: '150000' } };
    api = await env.api(options);
    worker = await env.worker(options);
  });
  afterAll(() => env.close());

  /** Two eligible people with a card each and a direct chat. */
  async function pair(): Promise<{ a: SignedIn; b: SignedIn; cardA: string; cardB: string; chat: string }> {
    const a = await shopper(env, api);
    const b = await shopper(env, api);
    const cardA = await addCard(api, a, CARDS.ok);
    const cardB = await addCard(api, b, CARDS.ok);
    const chat = (await must(api, a, P2P.direct, { p: b.personId })).startDirectConversation.id as string;
    return { a, b, cardA, cardB, chat };
  }
  const balance = async (s: SignedIn) => (await must(api, s, P2P.wallet)).kedaiWalletBalance.amount as string;
  const ledgerBalanced = async () => {
    const { rows } = await (
      await env.sql()
    ).query('select transaction_id from ledger_entry group by transaction_id having sum(amount_minor) <> 0');
    return rows.length;
  };

  it('sends money in a 1:1 chat: one intent, one balanced ledger transaction, a payment message, idempotent', async () => {
    const { a, b, chat } = await pair();
    const idem = k();
    const sent = (await must(api, a, P2P.send, { c: chat, a: '2500', k: idem, n: 'lunch' })).sendMoney;
    expect(sent).toMatchObject({
      status: 'COMPLETED',
      senderId: a.personId,
      recipientId: b.personId,
      amount: { amount: '2500' },
    });
    const again = (await must(api, a, P2P.send, { c: chat, a: '2500', k: idem, n: 'lunch' })).sendMoney;
    expect(again.id).toBe(sent.id);
    expect((await call(api, a, P2P.send, { c: chat, a: '2600', k: idem, n: 'lunch' })).code).toBe('IDEMPOTENCY_MISMATCH');
    expect(await balance(b)).toBe('2500');
    const db = await env.sql();
    const { rows } = await db.query(
      `select t.kind, count(*)::int as n from ledger_transaction t where t.intent_id = $1 group by t.kind`,
      [sent.intentId],
    );
    expect(rows).toEqual([{ kind: 'transfer', n: 1 }]);
    expect(await ledgerBalanced()).toBe(0);
    // Completed at once: the settle check written with the transfer (by its id) was dropped in the
    // completing statement, so no worker job looks at it 30 s later.
    const settle = await db.query(`select queue, name, sent_at is not null as dropped from outbox where id = $1`, [sent.id]);
    expect(settle.rows).toEqual([{ queue: 'p2p', name: 'p2p.settle-transfer', dropped: true }]);
    // Nobody subscribes to a transfer's payment succeeding (checkout hears orders only): no outbox row for it.
    const event = await db.query(
      `select count(*)::int as n from outbox where name = 'payments.intent-succeeded' and payload->>'intentId' = $1`,
      [sent.intentId],
    );
    expect(event.rows).toEqual([{ n: 0 }]);
    const history = (await must(api, b, P2P.history, { c: chat })).messages.messages as {
      kind: string;
      content: { __typename: string; paymentId?: string; status?: string };
    }[];
    expect(history.filter((m) => m.content.__typename === 'PaymentContent').map((m) => m.content)).toMatchObject([
      { paymentId: sent.id, status: 'completed' },
    ]);
    // The recipient moves it out to their card (a simulated payout).
    const cardB = (await must(api, b, `{ myFundingSources { id kind } }`)).myFundingSources.find(
      (s: { kind: string }) => s.kind === 'CARD',
    ).id;
    const out = (await must(api, b, P2P.withdraw, { a: '1000', s: cardB, k: k() })).withdrawToFundingSource;
    expect(out.balance.amount).toBe('1500');
    expect(out.payoutId).toMatch(/^po_/);
    expect((await call(api, b, P2P.withdraw, { a: '999999', s: cardB, k: k() })).code).toBe('INSUFFICIENT_FUNDS');
    expect(await balance(b)).toBe('1500');
  });

  it('refuses self transfers, blocked people, amounts over the limits and ineligible senders with typed codes', async () => {
    const { a, b, chat } = await pair();
    expect((await call(api, a, P2P.send, { c: chat, a: '100', k: k(), r: a.personId })).code).toBe('SELF_TRANSFER');
    expect((await call(api, a, P2P.send, { c: chat, a: '100001', k: k() })).code).toBe('LIMIT_EXCEEDED');
    await must(api, a, P2P.send, { c: chat, a: '100000', k: k() });
    const daily = await call(api, a, P2P.send, { c: chat, a: '60000', k: k() });
    expect({ code: daily.code, limit: daily.error?.extensions.limit }).toEqual({ code: 'LIMIT_EXCEEDED', limit: 'daily' });
    await must(api, b, P2P.block, { p: a.personId });
    expect((await call(api, a, P2P.send, { c: chat, a: '100', k: k() })).code).toBe('BLOCKED');
    expect((await call(api, b, P2P.send, { c: chat, a: '100', k: k() })).code).toBe('BLOCKED');
    await must(api, b, P2P.unblock, { p: a.personId });
    // Once b has a PIN, b's transfers ask for it (sendMoney reads payments' PIN row itself, see sendFacts).
    await must(api, b, `mutation { setPaymentPin(pin: "482916") { set } }`);
    const pinless = `mutation($c: ID!, $k: String!, $p: String) { sendMoney(conversationId: $c, amount: "100", currency: "MYR", idempotencyKey: $k, pin: $p) { status } }`;
    expect((await call(api, b, pinless, { c: chat, k: k() })).code).toBe('PIN_REQUIRED');
    expect((await call(api, b, pinless, { c: chat, k: k(), p: '111111' })).code).toBe('PIN_INVALID');
    expect((await must(api, b, pinless, { c: chat, k: k(), p: '482916' })).sendMoney.status).toBe('COMPLETED');
    // No date of birth: payments' eligibility says no, and nothing is written.
    const young = await signIn(env, api);
    const chat2 = (await must(api, young, P2P.direct, { p: b.personId })).startDirectConversation.id;
    const refused = await call(api, young, P2P.send, { c: chat2, a: '100', k: k() });
    expect({ code: refused.code, reason: refused.error?.extensions.reason }).toEqual({
      code: 'NOT_ELIGIBLE',
      reason: 'DATE_OF_BIRTH_MISSING',
    });
    const { rows } = await (
      await env.sql()
    ).query('select count(*)::int as n from transfer where sender_id = $1', [young.personId]);
    expect(rows[0].n).toBe(0);
    // A stranger cannot send into someone else's chat.
    const stranger = await shopper(env, api);
    expect((await call(api, stranger, P2P.send, { c: chat, a: '100', k: k() })).code).toBe('FORBIDDEN');
  });

  it('requests: paid once, declined, canceled, expired by the worker', async () => {
    const { a, b, chat } = await pair();
    const r1 = (await must(api, a, P2P.request, { c: chat, a: '700' })).requestMoney;
    expect(r1).toMatchObject({ status: 'PENDING', payerId: b.personId });
    expect((await call(api, a, P2P.pay, { r: r1.id, k: k() })).code).toBe('NOT_FOUND');
    const paid = (await must(api, b, P2P.pay, { r: r1.id, k: k() })).payMoneyRequest;
    expect(paid.status).toBe('PAID');
    expect((await call(api, b, P2P.pay, { r: r1.id, k: k() })).code).toBe('REQUEST_CLOSED');
    expect((await call(api, a, P2P.cancel, { r: r1.id })).code).toBe('REQUEST_CLOSED');
    expect(await balance(a)).toBe('700');

    const r2 = (await must(api, a, P2P.request, { c: chat, a: '300' })).requestMoney;
    expect((await must(api, b, P2P.decline, { r: r2.id })).declineMoneyRequest.status).toBe('DECLINED');
    const r3 = (await must(api, a, P2P.request, { c: chat, a: '300' })).requestMoney;
    expect((await call(api, b, P2P.cancel, { r: r3.id })).code).toBe('NOT_FOUND');
    expect((await must(api, a, P2P.cancel, { r: r3.id })).cancelMoneyRequest.status).toBe('CANCELED');

    const r4 = (await must(api, a, P2P.request, { c: chat, a: '300', e: 1 })).requestMoney;
    await eventually(async () => {
      const now = (await must(api, a, P2P.get, { id: r4.id })).moneyRequest;
      return now.status === 'EXPIRED';
    }, 'the request expires');
    expect((await call(api, b, P2P.pay, { r: r4.id, k: k() })).code).toBe('REQUEST_CLOSED');
    const statuses = (
      (await must(api, a, P2P.history, { c: chat })).messages.messages as { content: { __typename: string; status?: string } }[]
    )
      .filter((m) => m.content.__typename === 'PaymentRequestContent')
      .map((m) => m.content.status);
    expect(statuses).toEqual(expect.arrayContaining(['pending', 'declined', 'canceled', 'expired']));
    expect(await ledgerBalanced()).toBe(0);
  });

  it('cancel while paying: one outcome only, every time, and money moves at most once', async () => {
    const { a, b, chat } = await pair();
    const rounds = 12;
    let paidCount = 0;
    for (let i = 0; i < rounds; i += 1) {
      const r = (await must(api, a, P2P.request, { c: chat, a: '100' })).requestMoney;
      const attempts = await Promise.all([
        call(api, b, P2P.pay, { r: r.id, k: k() }),
        call(api, a, P2P.cancel, { r: r.id }),
        call(api, b, P2P.pay, { r: r.id, k: k() }),
        call(api, a, P2P.cancel, { r: r.id }),
      ]);
      const won = attempts.filter((x) => !x.error);
      expect(won.length).toBe(won.some((x) => x.data?.payMoneyRequest) ? 1 : won.length);
      const final = (await must(api, a, P2P.get, { id: r.id })).moneyRequest;
      expect(['PAID', 'CANCELED']).toContain(final.status);
      const { rows } = await (
        await env.sql()
      ).query(
        `select count(*)::int as n from transfer t join money_request r on r.id = $1 where t.idempotency_key like 'request:' || $1 || ':%' and t.status = 'completed'`,
        [r.id],
      );
      expect(rows[0].n).toBe(final.status === 'PAID' ? 1 : 0);
      if (final.status === 'PAID') paidCount += 1;
    }
    expect(await balance(a)).toBe(String(paidCount * 100));
  });

  it('group requests split evenly to the minor unit, track who paid; sending to one member works', async () => {
    const a = await shopper(env, api);
    const members = await Promise.all([shopper(env, api), shopper(env, api), shopper(env, api)]);
    for (const m of members) await addCard(api, m, CARDS.ok);
    await addCard(api, a, CARDS.ok);
    const group = (await must(api, a, P2P.group, { t: 'Trip', m: members.map((m) => m.personId) })).createGroup.id;
    const g = (await must(api, a, P2P.groupRequest, { c: group, t: '1000', s: 'EVEN' })).requestMoneyFromGroup;
    const parts = g.parts.map((p: { amount: { amount: string } }) => BigInt(p.amount.amount));
    expect(parts.reduce((x: bigint, y: bigint) => x + y, 0n)).toBe(1000n);
    expect(parts.map(String).sort()).toEqual(['333', '333', '334']);
    const mine = g.parts.find((p: { payerId: string }) => p.payerId === members[1].personId);
    await must(api, members[1], P2P.pay, { r: mine.id, k: k() });
    const seen = (await must(api, members[0], P2P.groupGet, { id: g.id })).moneyRequestGroup;
    expect(seen.paidCount).toBe(1);
    expect(seen.parts.filter((p: { status: string }) => p.status === 'PAID').map((p: { payerId: string }) => p.payerId)).toEqual([
      members[1].personId,
    ]);
    const byAmounts = await call(api, a, P2P.groupRequest, {
      c: group,
      t: '1000',
      s: 'AMOUNTS',
      m: [members[0].personId, members[2].personId],
      a: ['400', '500'],
    });
    expect(byAmounts.code).toBe('BAD_USER_INPUT');
    const ok = await must(api, a, P2P.groupRequest, {
      c: group,
      t: '1000',
      s: 'AMOUNTS',
      m: [members[0].personId, members[2].personId],
      a: ['400', '600'],
    });
    expect(ok.requestMoneyFromGroup.parts.map((p: { amount: { amount: string } }) => p.amount.amount)).toEqual(['400', '600']);
    // To one member from inside the group.
    expect((await call(api, a, P2P.send, { c: group, a: '50', k: k() })).code).toBe('BAD_USER_INPUT');
    const t = (await must(api, a, P2P.send, { c: group, a: '50', k: k(), r: members[2].personId })).sendMoney;
    expect(t.status).toBe('COMPLETED');
    expect(await balance(members[2])).toBe('50');
    // Someone who left the group is no longer a member: nobody pays them through it, and they
    // cannot send through it (sendMoney reads chat's membership itself, see sendFacts).
    await must(api, members[2], `mutation($c: ID!) { leaveGroup(conversationId: $c) { id } }`, { c: group });
    expect((await call(api, a, P2P.send, { c: group, a: '50', k: k(), r: members[2].personId })).code).toBe('BAD_USER_INPUT');
    expect((await call(api, members[2], P2P.send, { c: group, a: '50', k: k(), r: a.personId })).code).toBe('FORBIDDEN');
    expect(await balance(members[2])).toBe('50');
  });

  it('payment links: personal link with QR (PNG, SVG), one-off link paid once, expired moves nothing', async () => {
    const { a, b } = await pair();
    const handle = `p2p.${process.pid % 10000}.${key}`;
    await must(api, a, P2P.handle, { h: handle });
    const mine = (await must(api, a, P2P.myLink)).myPaymentLink;
    expect(mine.url).toContain(`/pay/${handle}?amount=1500&note=kopi`);
    const png = await request(api.getHttpServer()).get(mine.qrPng).buffer(true);
    expect(png.status).toBe(200);
    expect(png.headers['content-type']).toMatch(/^image\/png/);
    expect(png.headers['cache-control']).toContain('public');
    expect((png.body as Buffer).subarray(1, 4).toString()).toBe('PNG');
    const svg = await request(api.getHttpServer()).get(`/pay/${handle}/qr.svg`).buffer(true);
    expect(svg.status).toBe(200);
    expect(String(svg.body ?? svg.text)).toContain('<svg');
    expect((await request(api.getHttpServer()).get('/pay/nobody.here/qr.svg')).status).toBe(404);
    const opened = (await must(api, b, P2P.openLink, { t: handle })).openPaymentLink;
    expect(opened).toMatchObject({ kind: 'PERSONAL', recipient: { id: a.personId, kind: 'PERSON' } });

    const link = (await must(api, a, P2P.createLink, { a: '1200', e: 600 })).createPaymentLink;
    expect((await must(api, b, P2P.openLink, { t: link.token })).openPaymentLink).toMatchObject({
      kind: 'ONE_OFF',
      status: 'ACTIVE',
      amount: { amount: '1200' },
    });
    const before = await balance(a);
    const paid = await Promise.all([
      call(api, b, P2P.payLink, { t: link.token, k: k() }),
      call(api, b, P2P.payLink, { t: link.token, k: k() }),
    ]);
    expect(paid.filter((p) => !p.error).length).toBe(1);
    expect(paid.find((p) => p.error)?.code).toBe('PAYMENT_LINK_USED');
    expect(BigInt(await balance(a)) - BigInt(before)).toBe(1200n);
    expect((await must(api, b, P2P.openLink, { t: link.token })).openPaymentLink.status).toBe('USED');
    expect((await call(api, a, P2P.payLink, { t: link.token, k: k() })).code).toBe('SELF_TRANSFER');

    const short = (await must(api, a, P2P.createLink, { a: '900', e: 60 })).createPaymentLink;
    await (
      await env.sql()
    ).query(`update payment_link set expires_at = now() - interval '1 second' where token = $1`, [short.token]);
    expect((await call(api, b, P2P.payLink, { t: short.token, k: k() })).code).toBe('PAYMENT_LINK_EXPIRED');
    expect(BigInt(await balance(a)) - BigInt(before)).toBe(1200n);
  });

  it('reports: the sender opens a case both people see; a card decline fails the transfer without moving money', async () => {
    const { a, b, chat } = await pair();
    const t = (await must(api, a, P2P.send, { c: chat, a: '300', k: k() })).sendMoney;
    expect((await call(api, b, P2P.report, { t: t.id })).code).toBe('NOT_FOUND');
    expect((await must(api, a, P2P.report, { t: t.id })).reportTransfer).toMatchObject({
      status: 'OPEN',
      reason: 'NOT_RECEIVED',
    });
    expect((await call(api, a, P2P.report, { t: t.id })).code).toBe('ALREADY_REPORTED');
    expect((await must(api, b, P2P.transfer, { id: t.id })).transfer.report).toMatchObject({ status: 'OPEN' });
    const stranger = await shopper(env, api);
    expect((await call(api, stranger, P2P.transfer, { id: t.id })).code).toBe('NOT_FOUND');

    const declined = await addCard(api, a, CARDS.declined);
    const before = await balance(b);
    const failed = (await must(api, a, P2P.send, { c: chat, a: '300', k: k(), s: declined })).sendMoney;
    expect(failed).toMatchObject({ status: 'FAILED' });
    expect(await balance(b)).toBe(before);
    void worker;
  });
});
