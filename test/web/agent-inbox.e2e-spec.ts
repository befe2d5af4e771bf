import { MikroORM } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { DemoSeeder } from '../../db/seeds/demo.seeder';
import { signIn } from '../support/auth';
import { gql, TestEnv } from '../support/test-env';
import { launchBrowser, listen, offline, screenshot, watch } from './support/browser';
import { seriousA11yViolations, signInThroughPage } from './support/pages';

const OWNER_PHONE = '+60123000001';
const SECOND_AGENT_PHONE = '+60123000077';
const SHOPPER_PHONE = '+60123456788';
const NOTE = 'Regular customer: offer free delivery on the next order';
const REPLY = 'Hi, Aina here from Kedai Demo Coffee. How can I help?';

/**
 * The agent inbox against the real stack, with the support bot on for the demo shop: a shopper on
 * a phone asks for a person; the owner, on a desktop, sees the queue entry arrive live; a second
 * agent's claim crosses the owner's on the wire and is told the conversation is taken; the owner
 * adds an internal note, replies, and the shopper sees the reply but never the note; the owner
 * resolves. Then the owner's socket is cut: the page says so, the shopper asks again meanwhile,
 * and when the socket is back the page catches up and shows the new entry.
 */
describe('web: the agent inbox with the support bot’s queue', () => {
  let env: TestEnv;
  let api: INestApplication;
  let origin: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let shopper: Page;
  let agent: Page;
  let second: Page;
  let problems: string[] = [];
  // The owner's sockets, so the test can cut them as a network drop would.
  const sockets: WebSocketRoute[] = [];
  let cut = false;
  let businessId: string;

  beforeAll(async () => {
    env = await TestEnv.create();
    // The owner is also a platform operator here, to find the queue dashboard from Me.
    api = await env.api({ env: { PLATFORM_ADMIN_PHONES: OWNER_PHONE } });
    await env.worker();
    await api.get(MikroORM).seeder.seed(DemoSeeder);
    const owner = await signIn(env, api, OWNER_PHONE);
    businessId = (await gql(api, '{ business(handle: "kedai.demo") { id } }')).body.data.business.id;
    const on = await gql(
      api,
      'mutation($b: ID!) { setSupportBot(businessId: $b, enabled: true) }',
      { b: businessId },
      owner.auth,
    );
    expect(on.body.errors).toBeUndefined();
    // A second agent, invited and accepted.
    const invited = await gql(
      api,
      'mutation($b: ID!, $p: String!) { inviteMember(businessId: $b, phone: $p, role: AGENT) { id } }',
      { b: businessId, p: SECOND_AGENT_PHONE },
      owner.auth,
    );
    const agentB = await signIn(env, api, SECOND_AGENT_PHONE);
    const accepted = await gql(
      api,
      'mutation($i: ID!) { acceptInvitation(id: $i) { role } }',
      { i: invited.body.data.inviteMember.id },
      agentB.auth,
    );
    expect(accepted.body.errors).toBeUndefined();

    origin = await listen(api);
    browser = await launchBrowser();
    const phone = { viewport: { width: 360, height: 740 }, locale: 'en-GB' };
    const desk = { viewport: { width: 1280, height: 800 }, locale: 'en-GB' };
    for (const options of [phone, desk, desk]) {
      const c = await browser.newContext(options);
      expect(await offline(c, origin)).toEqual([]);
      contexts.push(c);
    }
    [shopper, agent, second] = await Promise.all(contexts.map((c) => c.newPage()));
    await agent.routeWebSocket(/\/graphql$/, (ws) => {
      if (cut) return ws.close({ code: 1001, reason: 'network down' });
      sockets.push(ws);
      ws.connectToServer();
    });
    for (const p of [shopper, agent, second]) p.setDefaultTimeout(30_000);
    problems = [...watch(shopper, 'shopper'), ...watch(agent, 'agent'), ...watch(second, 'second')];
    // The worker trains the demo shop's support model as it starts: slow on a busy machine.
  }, 180_000);
  afterEach(async () => {
    if (problems.length) console.log(problems.splice(0).join('\n'));
    const step = (expect.getState().currentTestName ?? 'step').replace(/\W+/g, '-').slice(-40);
    for (const [name, p] of [
      ['shopper', shopper],
      ['agent', agent],
      ['second', second],
    ] as const)
      await screenshot(p, `inbox-end-${name}-${step}`);
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  const say = async (text: string) => {
    await shopper.getByLabel('Message', { exact: true }).fill(text);
    await shopper.getByRole('button', { name: 'Send' }).click();
  };

  it('the owner opens the inbox: figures and an empty queue', async () => {
    await signInThroughPage(agent, env, origin, OWNER_PHONE);
    await agent.getByRole('link', { name: 'Inbox' }).click();
    await agent.getByRole('heading', { name: 'Waiting for an agent' }).waitFor();
    await agent.getByText('Nobody is waiting').waitFor();
    await agent.getByText('solved by the bot').waitFor();
    expect(await seriousA11yViolations(agent)).toEqual([]);
    await screenshot(agent, '20-inbox-empty-queue');
  });

  it('a shopper asks for a person; the queue entry appears live, with language, reason and the bot’s exchange', async () => {
    await signInThroughPage(shopper, env, origin, SHOPPER_PHONE);
    await shopper.getByRole('button', { name: 'New chat' }).click();
    await shopper.getByLabel('Shop handle').fill('kedai.demo');
    await shopper.getByRole('button', { name: 'Start chat' }).click();
    await shopper.getByRole('heading', { name: 'Kedai Demo Coffee' }).waitFor();
    await say('talk to a person');
    const entry = agent.locator('.queue-entry').first();
    await entry.waitFor();
    await entry.getByText('EN', { exact: true }).waitFor();
    await entry.getByText('Asked for a person').waitFor();
    await entry.getByText(/talk to a person/).waitFor();
    await screenshot(agent, '21-inbox-queue-live');
    await screenshot(shopper, '22-shopper-asked-for-person');
  });

  it('two agents claim at once: one gets it, the other is told it is taken', async () => {
    await signInThroughPage(second, env, origin, SECOND_AGENT_PHONE);
    await second.getByRole('link', { name: 'Inbox' }).click();
    await second.locator('.queue-entry').first().click();
    await agent.locator('.queue-entry').first().click();
    // The second agent's claim is held on the wire until the owner's has gone through.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await second.route('**/graphql', async (route) => {
      if (route.request().postData()?.includes('claimConversation')) await held;
      await route.fallback();
    });
    await second.getByRole('button', { name: 'Claim' }).click();
    await agent.getByRole('button', { name: 'Claim' }).click();
    await agent.getByRole('button', { name: 'Resolve' }).waitFor();
    release();
    await second.getByRole('alert').filter({ hasText: 'Another agent already claimed this conversation' }).waitFor();
    expect(await seriousA11yViolations(second)).toEqual([]);
    await screenshot(second, '23-inbox-already-claimed');
  });

  it('the owner adds an internal note and replies; the shopper sees the reply, never the note', async () => {
    await agent.getByLabel('Add an internal note').fill(NOTE);
    await agent.getByRole('button', { name: 'Add note' }).click();
    await agent.locator('.internal-note', { hasText: NOTE }).waitFor();
    await agent.getByLabel('Message', { exact: true }).fill(REPLY);
    await agent.getByRole('button', { name: 'Send' }).click();
    await shopper.getByText(REPLY).waitFor();
    expect(await shopper.getByText(NOTE).count()).toBe(0);
    expect(await shopper.content()).not.toContain('free delivery');
    expect(await seriousA11yViolations(agent)).toEqual([]);
    await screenshot(agent, '24-inbox-claimed-note-reply');
    await screenshot(shopper, '25-shopper-sees-reply');
  });

  it('the owner resolves: the conversation leaves the queue and the bot answers again', async () => {
    await agent.getByRole('button', { name: 'Resolve' }).click();
    await agent.getByText('Nobody is waiting').waitFor();
    await agent.getByText('The bot is answering this chat.').waitFor();
    // The other agent's page follows live.
    await second.getByText('Nobody is waiting').waitFor();
  });

  it('after a network drop the page says so, reconnects and catches up with what happened meanwhile', async () => {
    cut = true;
    for (const ws of sockets.splice(0)) await ws.close({ code: 1001, reason: 'network down' });
    await agent.getByRole('status').filter({ hasText: 'Connection lost' }).waitFor();
    await agent.locator('.live.off').waitFor();
    await screenshot(agent, '26-inbox-reconnecting');
    // Meanwhile the shopper asks again: nothing can reach the owner's page live.
    await say('talk to a person');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await agent.locator('.queue-entry').count()).toBe(0);
    cut = false;
    await agent.locator('.queue-entry').first().waitFor();
    expect(await agent.getByRole('status').filter({ hasText: 'Connection lost' }).count()).toBe(0);
    await screenshot(agent, '27-inbox-caught-up');
  });

  it('on a 360 px phone: the queue, then the handed-over chat, without sideways scrolling', async () => {
    await agent.setViewportSize({ width: 360, height: 740 });
    await agent.goto(`${origin}/inbox/${businessId}`);
    const entry = agent.locator('.queue-entry').first();
    await entry.waitFor();
    expect(
      await agent.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement
            .scrollWidth,
      ),
    ).toBeLessThanOrEqual(360);
    await screenshot(agent, '28-inbox-phone-queue');
    await entry.click();
    await agent.getByRole('button', { name: 'Claim' }).waitFor();
    expect(
      await agent.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement
            .scrollWidth,
      ),
    ).toBeLessThanOrEqual(360);
    expect(await seriousA11yViolations(agent)).toEqual([]);
    await screenshot(agent, '29-inbox-phone-handoff');
  });
  it('an operator finds the queue dashboard from Me; an agent who is not one does not see it', async () => {
    await agent.setViewportSize({ width: 1280, height: 860 });
    await agent.goto(`${origin}/me`);
    const link = agent.getByRole('link', { name: 'Queue dashboard' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('/admin/queues');
    await second.goto(`${origin}/me`);
    await second.getByRole('heading', { name: 'Me' }).waitFor();
    expect(await second.getByRole('link', { name: 'Queue dashboard' }).count()).toBe(0);
  });
});
