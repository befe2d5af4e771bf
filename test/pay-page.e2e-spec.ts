import type { INestApplication } from '@nestjs/common';
import QRCode from 'qrcode';
import request from 'supertest';
import { signIn, type SignedIn } from './support/auth';
import { gql, TestEnv } from './support/test-env';

const MY_LINK = `query($a: String, $n: String) { myPaymentLink(amount: $a, note: $n) { url handle qrPng } }`;
const CREATE_LINK = `mutation { createPaymentLink(amount: "1250", currency: "MYR", note: "Kopi <b>", expiresInS: 3600) { url token } }`;

/**
 * Payment links and their QR codes point at this deployment, not at a fixed localhost:3000, and
 * the address they point at answers (issue 13, item 7): JSON for programs, a page for browsers.
 */
describe('payment links and the pay page', () => {
  let env: TestEnv;
  let api: INestApplication;
  let onDomain: INestApplication;
  let owner: SignedIn;
  let handle: string;

  beforeAll(async () => {
    env = await TestEnv.create();
    // The address the API listens on, as npm start would on PORT=4567; the web app is off, so
    // this API answers browsers on /pay too.
    api = await env.api({ env: { PORT: '4567', HOST: '127.0.0.1', WEB_APP: 'false' } });
    onDomain = await env.api({ env: { PUBLIC_URL: 'https://pay.kedai.example/', WEB_APP: 'false' } });
    owner = await signIn(env, api);
    handle = `siti.${process.pid % 10000}`;
    const res = await gql(
      api,
      `mutation($h: String!) { updateProfile(input: { handle: $h, displayName: "Siti & Co" }) { handle } }`,
      {
        h: handle,
      },
      owner.auth,
    );
    expect(res.body.errors).toBeUndefined();
  });
  afterAll(() => env.close());

  it('builds links and QR codes from HOST and PORT, or from PUBLIC_URL', async () => {
    const local = (await gql(api, MY_LINK, { a: '1500', n: 'teh tarik' }, owner.auth)).body.data.myPaymentLink;
    expect(local.url).toBe(`http://127.0.0.1:4567/pay/${handle}?amount=1500&note=teh+tarik`);
    const public_ = (await gql(onDomain, MY_LINK, {}, owner.auth)).body.data.myPaymentLink;
    expect(public_.url).toBe(`https://pay.kedai.example/pay/${handle}`);

    // The QR code encodes exactly that URL (the same image the qrcode package makes of it).
    const png = await request(api.getHttpServer()).get(local.qrPng).buffer(true).expect(200);
    const expected = await QRCode.toBuffer(local.url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 512 });
    expect(Buffer.compare(png.body as Buffer, expected)).toBe(0);

    const oneOff = (await gql(onDomain, CREATE_LINK, {}, owner.auth)).body.data.createPaymentLink;
    expect(oneOff.url).toBe(`https://pay.kedai.example/pay/l/${oneOff.token}`);
  });

  it('answers GET /pay/<handle> with the link as JSON for a program', async () => {
    const res = await request(api.getHttpServer()).get(`/pay/${handle}?amount=1500&note=teh`).set('accept', 'application/json');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      kind: 'personal',
      url: `http://127.0.0.1:4567/pay/${handle}?amount=1500&note=teh`,
      status: 'active',
      recipient: { kind: 'person', handle, name: 'Siti & Co' },
      amount: { amount: '1500', currency: null },
      note: 'teh',
      expiresAt: null,
      qr: {
        png: `http://127.0.0.1:4567/pay/${handle}/qr.png?amount=1500&note=teh`,
        svg: `http://127.0.0.1:4567/pay/${handle}/qr.svg?amount=1500&note=teh`,
      },
      pay: expect.any(String),
    });
  });

  it('serves a browser a small page naming the payee, escaped, with the QR code', async () => {
    const res = await request(api.getHttpServer()).get(`/pay/${handle.toUpperCase()}`).set('accept', 'text/html,*/*;q=0.8');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('Pay Siti &amp; Co <span>@' + handle);
    expect(res.text).toContain(`<img src="http://127.0.0.1:4567/pay/${handle}/qr.svg"`);
  });

  it('shows a one-off link with its amount and status', async () => {
    const link = (await gql(api, CREATE_LINK, {}, owner.auth)).body.data.createPaymentLink;
    const json = await request(api.getHttpServer()).get(`/pay/l/${link.token}`).set('accept', 'application/json').expect(200);
    expect(json.body).toMatchObject({
      kind: 'one_off',
      url: link.url,
      status: 'active',
      amount: { amount: '1250', currency: 'MYR' },
      note: 'Kopi <b>',
      qr: null,
    });
    const html = await request(api.getHttpServer()).get(`/pay/l/${link.token}`).set('accept', 'text/html').expect(200);
    expect(html.text).toContain('MYR 12.50');
    expect(html.text).toContain('Kopi &lt;b&gt;');
  });

  it('answers an unknown link with 404: NOT_FOUND JSON for a program, a page for a browser', async () => {
    const json = await request(api.getHttpServer()).get('/pay/nobody.here').set('accept', 'application/json');
    expect([json.status, json.body.code]).toEqual([404, 'NOT_FOUND']);
    const html = await request(api.getHttpServer()).get('/pay/nobody.here').set('accept', 'text/html');
    expect(html.status).toBe(404);
    expect(html.text).toContain('does not exist');
    const token = await request(api.getHttpServer())
      .get(`/pay/l/${'x'.repeat(24)}`)
      .set('accept', 'application/json');
    expect(token.status).toBe(404);
  });
});
