import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { cliOrmOptions } from '../db/mikro-orm.config';
import { DemoSeeder } from '../db/seeds/demo.seeder';
import { ChildApp } from './support/child-app';
import { TestEnv } from './support/test-env';

/** The bash block between the README's walk-through markers, exactly as a reader copies it. */
async function walkthrough(): Promise<string> {
  const readme = await readFile(join(__dirname, '..', 'README.md'), 'utf8');
  const found = /<!-- walkthrough:start -->\s*```bash\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(readme);
  if (!found) throw new Error('README.md has no walk-through block between <!-- walkthrough:start/end --> markers');
  return found[1];
}

function runBash(script: string, env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', script], { env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

/**
 * Issue 13, item 1: the README's copy-paste walk-through (sign in with a code, cart, order, payment
 * request, test card, pay, receipt, the merchant moving the order on) run as written, with bash,
 * curl and jq, against the real API and worker processes on a freshly seeded database. Before the
 * seed gave the demo business a payout account and the shopper a date of birth, payOrder
 * answered NOT_ELIGIBLE here.
 */
describe('README walk-through: the demo can be ordered and paid', () => {
  let env: TestEnv;
  const children: ChildApp[] = [];
  const sql = async (text: string, params: unknown[] = []) => (await (await env.sql()).query(text, params)).rows;

  beforeAll(async () => {
    env = await TestEnv.create();
    const orm = await MikroORM.init(cliOrmOptions(env.databaseUrl));
    try {
      await orm.seeder.seed(DemoSeeder);
      await orm.seeder.seed(DemoSeeder); // npm start seeds on every start: the second run changes nothing
    } finally {
      await orm.close();
    }
  }, 120_000);
  afterAll(async () => {
    for (const c of children) await c.stop();
    await env.close();
  });

  it('seeds a payout account for kedai.demo and a date of birth for the demo shopper, once', async () => {
    expect(
      await sql(
        `select b.handle, p.psp_account_ref from payout_account p join business b on b.id = p.business_id where b.handle = 'kedai.demo'`,
      ),
    ).toEqual([{ handle: 'kedai.demo', psp_account_ref: 'ba_demo' }]);
    expect(
      await sql(`select to_char(date_of_birth, 'YYYY-MM-DD') dob, country from person where phone = '+60123000002'`),
    ).toEqual([{ dob: '1990-05-17', country: 'MY' }]);
  });

  it('runs the README block as written: paid, receipt in the chat, completed by the merchant', async () => {
    const api = await ChildApp.start('api');
    children.push(api);
    children.push(await ChildApp.start('worker'));
    const result = await runBash(await walkthrough(), { KEDAI: api.url, DEV_CODES_FILE: env.devCodesFile });
    if (result.code !== 0) throw new Error(`the walk-through failed (${result.code}):\n${result.out}\n${result.err}`);
    const lines = result.out.trim().split('\n');
    expect(lines).toEqual([
      // Money is formatted for display (with a no-break space after the currency).
      expect.stringMatching(/^Picked Kopi Susu Ais at MYR\s6\.50$/),
      expect.stringMatching(/^Cart: MYR\s13\.00$/),
      expect.stringMatching(/^Payment request KD-\w+: MYR\s13\.78, pay before \d{4}-\d\d-\d\dT/),
      'Card: visa ending 4242',
      expect.stringMatching(/^Payment: SUCCEEDED, MYR\s13\.78$/),
      expect.stringMatching(/^Receipt: MYR\s13\.78 paid$/),
      'Merchant: order PROCESSING',
      'Merchant: order SHIPPED',
      'Merchant: order COMPLETED',
      'Chat: order paid',
      'Chat: order processing',
      'Chat: order shipped',
      'Chat: order completed',
    ]);
    // What the walk-through did is in the database: one completed order, paid once.
    const orders = await sql(
      `select o.status, (select count(*)::int from payment_intent i where i.reference_id = o.id::text and i.state = 'succeeded') paid
         from shop_order o join business b on b.id = o.business_id where b.handle = 'kedai.demo'`,
    );
    expect(orders).toEqual([{ status: 'completed', paid: 1 }]);
  }, 300_000);
});
