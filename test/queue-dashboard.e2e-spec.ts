import request from 'supertest';
import { TestEnv } from './support/test-env';

const TOKEN = 'an-admin-token-of-at-least-32-characters';
const basic = (password: string) => `Basic ${Buffer.from(`ops:${password}`).toString('base64')}`;

describe('queue dashboard (Bull Board) behind admin credentials', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await TestEnv.create();
  });
  afterAll(() => env.close());

  // Apps of one file share process.env: the app without a token comes first.
  it('is not there at all without ADMIN_TOKEN', async () => {
    const api = await env.api();
    expect((await request(api.getHttpServer()).get('/admin/queues').set('authorization', basic(TOKEN))).status).toBe(404);
  });

  it('lists every queue, with its failed jobs, to the admin only', async () => {
    const api = await env.api({ env: { ADMIN_TOKEN: TOKEN } });
    const http = () => request(api.getHttpServer());
    expect((await http().get('/admin/queues')).status).toBe(401);
    expect((await http().get('/admin/queues').set('authorization', basic('wrong-but-long-enough-to-look-real'))).status).toBe(
      401,
    );
    // A person's access token is not an admin credential.
    expect((await http().get('/admin/queues').set('authorization', 'Bearer whatever')).status).toBe(401);
    const page = await http().get('/admin/queues').set('authorization', basic(TOKEN));
    expect(page.status).toBe(200);
    const queues = await http().get('/admin/queues/api/queues').set('authorization', basic(TOKEN));
    expect(queues.status).toBe(200);
    const names = (queues.body as { queues: { name: string }[] }).queues.map((q) => q.name);
    expect(names).toEqual(expect.arrayContaining(['orders', 'checkout', 'chat', 'catalog', 'payments']));
  });
});
