import type { INestApplication } from '@nestjs/common';
import { PspSimulator } from '@kedai/payments';
import { dumpDatabase } from './support/scan';
import { TestEnv } from './support/test-env';
import { call, CARDS, createIntent, merchant, must, PAY, shopper } from './payments-helpers';

const luhn = (d: string): boolean => {
  let sum = 0;
  for (let i = 0; i < d.length; i += 1) {
    let x = d.charCodeAt(d.length - 1 - i) - 48;
    if (i % 2 === 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
    sum += x;
  }
  return sum % 10 === 0;
};

/**
 * Every number of 13–19 digits (a whole run of digits, or groups joined by single spaces or
 * dashes as people type them; digits inside a hex hash or an id are not a number) that passes Luhn. Migration names (20YYMMDDhhmmss), millisecond
 * timestamps and the fractional digits of a decimal (the support bot's stored model weights, 0.6252994537…) are not card numbers.
 */
function luhnNumbers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?<![0-9A-Za-z]|\d\.)\d+(?:[ -]\d+)*(?![0-9A-Za-z])/g)) {
    const groups = m[0].split(/[ -]/);
    // Typed card numbers come in groups of 4–6 digits; "1764…-0" (a Redis stream id) is two numbers.
    const candidates = new Set(groups.every((g) => g.length >= 4) ? [m[0], ...groups] : groups);
    for (const c of candidates) {
      const d = c.replace(/[ -]/g, '');
      if (d.length < 13 || d.length > 19 || /^20\d{12}$/.test(d)) continue;
      // Millisecond timestamps (BullMQ's, ours) are 13 digits near now; no card brand starts with 1.
      if (d.length === 13 && d.startsWith('1') && Math.abs(Number(d) - Date.now()) < 10 * 365 * 86_400_000) continue;
      if (luhn(d)) found.push(d);
    }
  }
  return found;
}

describe('card numbers and CVCs never leave the PSP adapter', () => {
  let env: TestEnv;
  let api: INestApplication;
  const CVCS = ['731', '8462', '905', '614', '377'];
  const CARDS_USED = [...Object.values(CARDS), '5555555555554444', '2223003122003222'];

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api({ env: { LOG_LEVEL: 'debug' } });
    await api.listen(0, '127.0.0.1');
    api.get(PspSimulator).setWebhookUrl(`${await api.getUrl()}/payments/webhooks/psp`.replace('[::1]', '127.0.0.1'));
    await env.worker({ env: { LOG_LEVEL: 'debug' } });
  });
  afterAll(() => env.close());

  it('the scanner finds card numbers however they are written', () => {
    expect(luhnNumbers('{"n":"4242424242424242"} 4242 4242 4242 4242, 5555-5555-5555-4444')).toEqual([
      '4242424242424242',
      '4242424242424242',
      '5555555555554444',
    ]);
    // A decimal's fraction is not a card number; the same digits after a full stop in text are.
    expect(luhnNumbers('{"w":0.4242424242424242}')).toEqual([]);
    expect(luhnNumbers('card. 4242424242424242.')).toEqual(['4242424242424242']);
  });

  it('adds cards, forces the error paths and pays; then no Luhn-valid number or CVC is in the database, Redis or the logs', async () => {
    const shop = await merchant(env, api);
    const s = await shopper(env, api);
    for (const [i, number] of CARDS_USED.entries()) {
      const cvc = CVCS[i % CVCS.length];
      const r = await call(api, s, PAY.addCard, { i: { number, expMonth: 11, expYear: 2031, cvc, makeDefault: true } });
      expect(r.error).toBeUndefined();
      const intent = await createIntent(api, s, shop.businessId, '1234');
      await call(api, s, PAY.confirm, { id: intent.id });
    }
    // Error paths: bad Luhn, unknown brand, expired, bad CVC, wrong types, an over-long number.
    const bad = [
      { number: '4242424242424241', expMonth: 11, expYear: 2031, cvc: '731' },
      { number: '6011111111111117', expMonth: 11, expYear: 2031, cvc: '8462' },
      { number: '4242424242424242', expMonth: 1, expYear: 2001, cvc: '905' },
      { number: '4242424242424242', expMonth: 11, expYear: 2031, cvc: '61' },
      { number: '4242 4242 4242 4242 4242 4242', expMonth: 11, expYear: 2031, cvc: '377' },
      { number: '4242424242424242', expMonth: 13, expYear: 2031, cvc: '614' },
    ];
    for (const card of bad) {
      const r = await call(api, s, PAY.addCard, { i: card });
      expect(r.error).toBeDefined();
      expect(JSON.stringify(r.error)).not.toMatch(/\d{12,}/);
      expect(JSON.stringify(r.error)).not.toContain(card.cvc);
    }
    // Give the worker time to relay and run the jobs the payments published.
    await new Promise((r) => setTimeout(r, 1500));

    const dump = await dumpDatabase(await env.sql());
    expect(luhnNumbers(dump)).toEqual([]);
    const redis = env.redis();
    const texts: string[] = [];
    for (const match of [`${env.queuePrefix}*`, `${env.keyPrefix}:*`]) {
      for await (const keys of redis.scanStream({ match, count: 500 })) {
        for (const key of keys as string[]) {
          texts.push(key);
          const type = await redis.type(key);
          if (type === 'string') texts.push((await redis.get(key)) ?? '');
          else if (type === 'hash') texts.push(JSON.stringify(await redis.hgetall(key)));
          else if (type === 'list') texts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
          else if (type === 'zset') texts.push(JSON.stringify(await redis.zrange(key, '0', '-1')));
          else if (type === 'set') texts.push(JSON.stringify(await redis.smembers(key)));
          else if (type === 'stream') texts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
        }
      }
    }
    const redisText = texts.join('\n');
    expect(texts.length).toBeGreaterThan(0);
    expect(luhnNumbers(redisText)).toEqual([]);
    const logs = env.logs.text;
    expect(logs.length).toBeGreaterThan(0);
    expect(luhnNumbers(logs)).toEqual([]);
    for (const cvc of CVCS) {
      expect({ cvc, db: dump.includes(`"${cvc}"`) || dump.includes(`:${cvc},`) }).toEqual({ cvc, db: false });
      expect({ cvc, redis: redisText.includes(`"${cvc}"`) }).toEqual({ cvc, redis: false });
      expect({ cvc, logs: logs.includes(`"${cvc}"`) }).toEqual({ cvc, logs: false });
    }
    expect((await must(api, s, PAY.sources)).myFundingSources.length).toBe(CARDS_USED.length);
  });
});
