import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TcpProxy } from './support/tcp-proxy';
import { eventually, REDIS_URL, TestEnv } from './support/test-env';

describe('health and REST edge', () => {
  let env: TestEnv;
  let api: INestApplication;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api();
  });
  afterAll(() => env.close());

  it('GET /health/live answers 200 {status: "ok"} without touching a dependency', async () => {
    const res = await request(api.getHttpServer()).get('/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /health/ready answers 200 with PostgreSQL and Redis up', async () => {
    const res = await request(api.getHttpServer()).get('/health/ready').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      info: { postgres: { status: 'up' }, redis: { status: 'up' } },
      error: {},
    });
  });

  it('answers an unknown route with 404 in the one JSON error shape', async () => {
    const res = await request(api.getHttpServer()).get('/no/such/route').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ code: 'NOT_FOUND', message: expect.stringContaining('/no/such/route'), details: {} });
  });

  it('answers malformed JSON with 400 BAD_REQUEST, in the GraphQL error shape on the GraphQL endpoint', async () => {
    const res = await request(api.getHttpServer())
      .post('/graphql')
      .set('content-type', 'application/json')
      .send('{"query": ')
      .expect(400);
    expect(res.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('never rate-limits the probes: a load balancer polls them from one address all day', async () => {
    const strict = await env.api({ env: { RATE_LIMIT_PER_IP: '2' } });
    for (let i = 0; i < 5; i++) {
      await request(strict.getHttpServer()).get('/health/live').expect(200);
      await request(strict.getHttpServer()).get('/health/ready').expect(200);
    }
    await env.stop(strict);
  });

  describe('when Redis goes away (through a proxy this test cuts)', () => {
    let proxy: TcpProxy;
    let cut: INestApplication;

    beforeAll(async () => {
      proxy = new TcpProxy('127.0.0.1', Number(new URL(REDIS_URL).port || 6379));
      await proxy.start();
      cut = await env.api({ env: { REDIS_URL: proxy.url } });
    });
    afterAll(async () => {
      await env.stop(cut);
      await proxy.cut();
    });

    const ready = () => request(cut.getHttpServer()).get('/health/ready');

    it('is ready while the proxy passes traffic', async () => {
      await eventually(async () => (await ready()).status === 200, 'the app behind the proxy to be ready', 10_000);
    });

    it('answers 503 naming redis down (and postgres still up) once Redis is cut', async () => {
      await proxy.cut();
      const res = await eventually(
        async () => {
          const r = await ready();
          return r.status === 503 ? r : null;
        },
        'readiness to report Redis down',
        10_000,
      );
      expect(res.body).toMatchObject({
        status: 'error',
        info: { postgres: { status: 'up' } },
        error: { redis: { status: 'down', message: expect.any(String) } },
      });
      expect(res.body.info.redis).toBeUndefined();
      // Liveness stays green: a dependency outage is no reason to restart the process.
      await request(cut.getHttpServer()).get('/health/live').expect(200);
      // Answered within the check's own timeout, not left hanging.
      const started = Date.now();
      await ready().expect(503);
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('is ready again once Redis is back, without a restart', async () => {
      await proxy.restore();
      const res = await eventually(
        async () => {
          const r = await ready();
          return r.status === 200 ? r : null;
        },
        'readiness after Redis came back',
        15_000,
      );
      expect(res.body).toMatchObject({ status: 'ok', info: { redis: { status: 'up' }, postgres: { status: 'up' } } });
    });
  });
});
