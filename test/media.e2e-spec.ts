import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { EntityManager, MikroORM, RequestContext as OrmContext } from '@mikro-orm/postgresql';
import sharp from 'sharp';
import request from 'supertest';
import { QueueRegistry, RequestContext } from '@kedai/core';
import { cleanOrphanedMedia, MediaService } from '@kedai/media';
import { signIn, type SignedIn } from './support/auth';
import { businessInput, ok, OPS } from './support/business-access';
import { eventually, TestEnv } from './support/test-env';

const MAX_BYTES = 256 * 1024;
const SIZES = { thumbnail: 160, medium: 640, large: 1280 } as const;

interface Uploaded {
  id: string;
  width: number;
  height: number;
  urls: Record<keyof typeof SIZES, { webp: string; jpeg: string }>;
}

/** A photo as a phone takes it: stored sideways (EXIF orientation 6), with camera and GPS tags. */
async function phonePhoto(width = 1800, height = 1200): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#e67e22' } })
    .withExif({
      IFD0: { Make: 'KedaiPhone' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '3/1 8/1 2/1', GPSLongitudeRef: 'E', GPSLongitude: '101/1 41/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 70 })
    .toBuffer();
}

describe('media: photo uploads, their renditions and the orphan cleanup', () => {
  let env: TestEnv;
  let api: INestApplication;
  let dir: string;
  let owner: SignedIn;
  let businessId: string;
  let mediaEnv: Record<string, string>;

  const http = () => request(api.getHttpServer());
  const upload = (auth: Record<string, string>, body: Buffer, name = 'photo.jpg', business = businessId) =>
    http().post('/media').set(auth).field('businessId', business).attach('file', body, name);
  const uploaded = async (body?: Buffer): Promise<Uploaded> => {
    const res = await upload(owner.auth, body ?? (await phonePhoto(400, 300)));
    if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Uploaded;
  };
  const row = async (id: string) => (await (await env.sql()).query('select * from media_asset where id = $1', [id])).rows[0];
  const onDisk = (id: string) => readdir(join(dir, id)).catch(() => [] as string[]);

  beforeAll(async () => {
    env = await TestEnv.create();
    // Each file its own media directory, so uploads never meet another file's.
    dir = await mkdtemp(join(tmpdir(), 'kedai-media-e2e-'));
    mediaEnv = { MEDIA_DIR: dir, MEDIA_MAX_BYTES: String(MAX_BYTES) };
    api = await env.api({ env: { ...mediaEnv, RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_ACCOUNT: '100000' } });
    owner = await signIn(env, api);
    businessId = (await ok(api, owner.auth, OPS.create, { input: businessInput() })).createBusiness.id;
  });
  afterAll(async () => {
    await env.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('upload', () => {
    it('takes a phone photo and answers 201 with its id, upright size and URLs; the row is pending', async () => {
      const input = await phonePhoto();
      const res = await upload(owner.auth, input).expect(201);
      const body = res.body as Uploaded;
      // Stored 1800×1200 with orientation 6: shown 1200 wide, 1800 high.
      expect(body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        width: 1200,
        height: 1800,
        urls: Object.fromEntries(
          Object.keys(SIZES).map((s) => [s, { webp: `/media/${body.id}/${s}.webp`, jpeg: `/media/${body.id}/${s}.jpeg` }]),
        ),
      });
      expect(await row(body.id)).toMatchObject({
        business_id: businessId,
        uploaded_by: owner.personId,
        mime: 'image/jpeg',
        width: 1200,
        height: 1800,
        bytes: input.length,
        status: 'pending',
        attached_at: null,
      });
      expect((await onDisk(body.id)).sort()).toEqual([
        'large.jpeg',
        'large.webp',
        'medium.jpeg',
        'medium.webp',
        'thumbnail.jpeg',
        'thumbnail.webp',
      ]);
    });

    it('takes a PNG from an API key with catalog:write (no person: uploaded_by is null)', async () => {
      const { createApiKey } = await ok(api, owner.auth, OPS.createKey, {
        businessId,
        name: 'shop bot',
        scopes: ['CATALOG_WRITE'],
      });
      const png = await sharp({ create: { width: 200, height: 100, channels: 4, background: '#3498db80' } })
        .png()
        .toBuffer();
      const res = await upload({ 'x-api-key': createApiKey.key }, png, 'logo.png').expect(201);
      expect(res.body).toMatchObject({ width: 200, height: 100 });
      expect(await row(res.body.id)).toMatchObject({ mime: 'image/png', uploaded_by: null });
    });

    it('without businessId, stores a photo of the signed-in person’s own (for their chats), same pipeline', async () => {
      const input = await phonePhoto(300, 200);
      const res = await http().post('/media').set(owner.auth).attach('file', input, 'me.jpg').expect(201);
      const body = res.body as Uploaded;
      expect(body).toMatchObject({ width: 200, height: 300, urls: { medium: { webp: `/media/${body.id}/medium.webp` } } });
      expect(await row(body.id)).toMatchObject({
        business_id: null,
        uploaded_by: owner.personId,
        bytes: input.length,
        status: 'pending',
      });
      expect(await onDisk(body.id)).toHaveLength(6);
      // The same limits: over the byte cap, and not a photo.
      await http()
        .post('/media')
        .set(owner.auth)
        .attach('file', Buffer.alloc(MAX_BYTES + 1, 0xff), 'big.jpg')
        .expect(413);
      await http().post('/media').set(owner.auth).attach('file', Buffer.from('hello\n'), 'x.jpg').expect(415);
    });

    it('refuses an API key without businessId with 400 on businessId, and stores nothing', async () => {
      const { createApiKey } = await ok(api, owner.auth, OPS.createKey, {
        businessId,
        name: 'no-business',
        scopes: ['CATALOG_WRITE'],
      });
      const before = (await (await env.sql()).query('select count(*)::int n from media_asset')).rows[0].n;
      const res = await http()
        .post('/media')
        .set({ 'x-api-key': createApiKey.key })
        .attach('file', await phonePhoto(50, 50), 'x.jpg')
        .expect(400);
      expect(res.body).toMatchObject({ code: 'BAD_USER_INPUT', details: { fields: [{ field: 'businessId' }] } });
      expect((await (await env.sql()).query('select count(*)::int n from media_asset')).rows[0].n).toBe(before);
    });

    it('keeps the database from holding a photo nobody owns', async () => {
      const sql = await env.sql();
      await expect(
        sql.query(
          `insert into media_asset (id, business_id, uploaded_by, mime, width, height, bytes) values (gen_random_uuid(), null, null, 'image/png', 1, 1, 1)`,
        ),
      ).rejects.toMatchObject({ constraint: 'media_asset_owner_check' });
    });

    it('refuses anonymous callers with 401, before reading the upload', async () => {
      const res = await http()
        .post('/media')
        .field('businessId', businessId)
        .attach('file', await phonePhoto(50, 50), 'x.jpg');
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('refuses a member of another business with 403, and stores nothing', async () => {
      const stranger = await signIn(env, api);
      await ok(api, stranger.auth, OPS.create, { input: businessInput() });
      const before = (await (await env.sql()).query('select count(*)::int n from media_asset')).rows[0].n;
      const res = await upload(stranger.auth, await phonePhoto(50, 50)).expect(403);
      expect(res.body).toMatchObject({ code: 'FORBIDDEN' });
      expect((await (await env.sql()).query('select count(*)::int n from media_asset')).rows[0].n).toBe(before);
    });

    it('answers 400 BAD_USER_INPUT naming the field when the file or the businessId is missing or wrong', async () => {
      const noFile = await http().post('/media').set(owner.auth).field('businessId', businessId).expect(400);
      expect(noFile.body).toEqual({
        code: 'BAD_USER_INPUT',
        message: expect.any(String),
        details: { fields: [{ field: 'file', messages: [expect.any(String)] }] },
      });
      const badBusiness = await upload(owner.auth, await phonePhoto(50, 50), 'x.jpg', 'not-an-id').expect(400);
      expect(badBusiness.body).toMatchObject({ code: 'BAD_USER_INPUT', details: { fields: [{ field: 'businessId' }] } });
    });

    it('answers 413 MEDIA_TOO_LARGE for a file over MEDIA_MAX_BYTES, cut off by multer while it streams in', async () => {
      // Just over the cap, so the declared length passes the early check and multer's limit has to catch it.
      const photo = await phonePhoto(50, 50);
      const big = Buffer.concat([photo, Buffer.alloc(MAX_BYTES + 1 - photo.length, 0xff)]);
      const res = await upload(owner.auth, big, 'big.jpg').expect(413);
      expect(res.body).toEqual({ code: 'MEDIA_TOO_LARGE', message: expect.any(String), details: { maxBytes: MAX_BYTES } });
      // At the cap exactly, the same photo is taken (the trailing bytes are ignored by the decoder).
      await upload(owner.auth, big.subarray(0, MAX_BYTES), 'ok.jpg').expect(201);
    });

    it('answers 413 at once when the declared length is far past the cap', async () => {
      const res = await http()
        .post('/media')
        .set(owner.auth)
        .set('content-type', 'multipart/form-data; boundary=x')
        .set('content-length', String(MAX_BYTES * 10))
        .send('--x--')
        .ok(() => true);
      // The server may answer before the (short) body; what counts is that it refused.
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ code: 'MEDIA_TOO_LARGE' });
    });

    it('answers 415 UNSUPPORTED_MEDIA for a text file named .jpg, judged by its bytes', async () => {
      const res = await upload(owner.auth, Buffer.from('not a photo at all\n'), 'photo.jpg').expect(415);
      expect(res.body).toMatchObject({
        code: 'UNSUPPORTED_MEDIA',
        details: { accepted: expect.arrayContaining(['image/jpeg']) },
      });
    });
  });

  describe('renditions', () => {
    let photo: Uploaded;
    beforeAll(async () => {
      photo = await uploaded(await phonePhoto());
    });

    it('serves every size as real WebP and JPEG of the right size, without metadata, cacheable forever', async () => {
      for (const [size, box] of Object.entries(SIZES) as [keyof typeof SIZES, number][]) {
        for (const format of ['webp', 'jpeg'] as const) {
          const res = await http().get(photo.urls[size][format]).buffer(true).parse(binary).expect(200);
          expect(res.headers).toMatchObject({
            'content-type': `image/${format}`,
            'cache-control': 'public, max-age=31536000, immutable',
            'x-content-type-options': 'nosniff',
            'cross-origin-resource-policy': 'cross-origin',
            etag: expect.stringMatching(/^".+"$/),
          });
          const meta = await sharp(res.body as Buffer).metadata();
          expect(meta.format).toBe(format);
          // Upright (taller than wide), longest side the box, never enlarged past 1200×1800.
          expect(Math.max(meta.width!, meta.height!)).toBe(box);
          expect(meta.height!).toBeGreaterThan(meta.width!);
          expect(meta.exif).toBeUndefined();
          expect((res.body as Buffer).toString('latin1')).not.toContain('KedaiPhone');
          expect(Number(res.headers['content-length'])).toBe((res.body as Buffer).length);
        }
      }
    });

    it('answers a revalidation with 304 and no body', async () => {
      const first = await http().get(photo.urls.medium.webp).expect(200);
      const again = await http().get(photo.urls.medium.webp).set('if-none-match', first.headers.etag).expect(304);
      expect(again.text ?? '').toBe('');
    });

    it('answers 404 for an unknown id, size or format, in the one error shape', async () => {
      const other = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
      for (const path of [
        `/media/${other}/medium.webp`,
        `/media/${photo.id}/huge.webp`,
        `/media/${photo.id}/medium.png`,
        `/media/not-an-id/medium.webp`,
        `/media/..%2F..%2Fetc/passwd.jpeg`,
      ]) {
        const res = await http().get(path);
        expect([path, res.status]).toEqual([path, 404]);
        expect(res.body).toMatchObject({ code: 'NOT_FOUND' });
      }
    });
  });

  describe('attach, and the cleanup job', () => {
    let worker: INestApplicationContext;
    const media = () => api.get(MediaService);
    const inTransaction = <T>(fn: (tx: EntityManager) => Promise<T>): Promise<T> => api.get(MikroORM).em.fork().transactional(fn);
    const age = async (id: string, hours: number) =>
      (await env.sql()).query(`update media_asset set created_at = now() - make_interval(hours => $2) where id = $1`, [
        id,
        hours,
      ]);

    afterAll(() => env.stopWorkers());

    it('attaches a business’s own photos in the caller’s transaction, and refuses others’ or unknown ids', async () => {
      const mine = await uploaded();
      await inTransaction((tx) => media().attach(tx, businessId, [mine.id, mine.id.toUpperCase()]));
      expect(await row(mine.id)).toMatchObject({ status: 'attached', attached_at: expect.any(Date) });

      const stranger = await signIn(env, api);
      const otherBusiness = (await ok(api, stranger.auth, OPS.create, { input: businessInput() })).createBusiness.id;
      const theirs = (await upload(stranger.auth, await phonePhoto(60, 40), 'x.jpg', otherBusiness).expect(201)).body as Uploaded;
      for (const ids of [[theirs.id], [mine.id, '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'], ['nope']]) {
        await expect(inTransaction((tx) => media().attach(tx, businessId, ids))).rejects.toMatchObject({
          code: 'BAD_USER_INPUT',
          fields: [{ field: 'photos', messages: [expect.any(String)] }],
        });
      }
      expect(await row(theirs.id)).toMatchObject({ status: 'pending' });

      // Released, it is pending again; a rolled-back release changes nothing.
      await expect(
        inTransaction(async (tx) => {
          await media().release(tx, [mine.id]);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await row(mine.id)).toMatchObject({ status: 'attached' });
      await inTransaction((tx) => media().release(tx, [mine.id]));
      expect(await row(mine.id)).toMatchObject({ status: 'pending', attached_at: null });
    });

    it('attaches a person’s own photos for that person only; a business’s photos are not theirs', async () => {
      const own = (
        await http()
          .post('/media')
          .set(owner.auth)
          .attach('file', await phonePhoto(60, 40), 'me.jpg')
          .expect(201)
      ).body as Uploaded;
      const forBusiness = await uploaded();
      const stranger = await signIn(env, api);
      for (const [who, ids] of [
        [stranger.personId, [own.id]],
        [owner.personId, [forBusiness.id]],
        [owner.personId, [own.id, 'nope']],
      ] as const) {
        await expect(
          inTransaction((tx) => media().attachFor(tx, { personId: who }, [...ids], 'image.mediaId')),
        ).rejects.toMatchObject({
          code: 'BAD_USER_INPUT',
          fields: [{ field: 'image.mediaId', messages: [expect.any(String)] }],
        });
      }
      await expect(inTransaction((tx) => media().attach(tx, businessId, [own.id]))).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
      });
      expect(await row(own.id)).toMatchObject({ status: 'pending' });
      await inTransaction((tx) => media().attachFor(tx, { personId: owner.personId }, [own.id]));
      expect(await row(own.id)).toMatchObject({ status: 'attached' });
    });

    it('resolves photos by id in one query per request, in the order asked, with null for unknown ids', async () => {
      const [a, b] = [await uploaded(), await uploaded()];
      const ctx = RequestContext.system('test');
      const find = jest.spyOn(EntityManager.prototype, 'find');
      try {
        const photos = await OrmContext.create(api.get(MikroORM).em, () =>
          Promise.all([
            media().assets(ctx, [b.id, '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b']),
            media().assets(ctx, [a.id.toUpperCase()]),
          ]),
        );
        expect(photos).toEqual([
          [{ id: b.id, width: 300, height: 400, urls: b.urls }, null],
          [{ ...a, width: 300, height: 400 }],
        ]);
        expect(find).toHaveBeenCalledTimes(1);
      } finally {
        find.mockRestore();
      }
    });

    it('the worker schedules the cleanup hourly, and it deletes old pending photos (files, then rows) only', async () => {
      const [old, oldAttached, fresh, halfDeleted, referenced] = [
        await uploaded(),
        await uploaded(),
        await uploaded(),
        await uploaded(),
        await uploaded(),
      ];
      await inTransaction((tx) => media().attach(tx, businessId, [oldAttached.id]));
      for (const p of [old, oldAttached, halfDeleted, referenced]) await age(p.id, 25);
      // As if a cleanup had crashed after deleting the files and before deleting the row.
      await rm(join(dir, halfDeleted.id), { recursive: true });
      // A pending photo another table still points at (a domain that forgot to attach it).
      const sql = await env.sql();
      await sql.query('create table media_probe_ref (media_id uuid not null references media_asset (id))');
      await sql.query('insert into media_probe_ref values ($1)', [referenced.id]);

      worker = await env.worker({ env: mediaEnv });
      const queue = worker.get(QueueRegistry).get(cleanOrphanedMedia.queue);
      expect(await queue.getJobScheduler(cleanOrphanedMedia.name)).toMatchObject({ every: 3_600_000 });

      const job = await queue.add(cleanOrphanedMedia.name, {});
      await eventually(async () => (await queue.getJob(job.id!))?.finishedOn, 'the cleanup job to finish');
      expect(await (await queue.getJob(job.id!))!.getState()).toBe('completed');
      // The scheduler's own first run may be going at the same time, having locked (SKIP LOCKED)
      // some of the rows this job then passed over: wait for it too.
      await eventually(
        async () => (await queue.getActiveCount()) + (await queue.getWaitingCount()) === 0,
        'no cleanup still running',
      );

      expect(await row(old.id)).toBeUndefined();
      expect(await row(halfDeleted.id)).toBeUndefined();
      await expect(stat(join(dir, old.id))).rejects.toMatchObject({ code: 'ENOENT' });
      await http().get(old.urls.thumbnail.webp).expect(404);

      expect(await row(oldAttached.id)).toMatchObject({ status: 'attached' });
      expect(await row(fresh.id)).toMatchObject({ status: 'pending' });
      expect(await onDisk(oldAttached.id)).toHaveLength(6);
      expect(await onDisk(fresh.id)).toHaveLength(6);
      // Skipped before any of its files went; a warning names it.
      expect(await row(referenced.id)).toMatchObject({ status: 'pending' });
      expect(await onDisk(referenced.id)).toHaveLength(6);
      expect(env.logs.text).toContain(referenced.id);
      await sql.query('drop table media_probe_ref');
    });
  });
});

/** supertest's parser for binary bodies: the raw bytes as a Buffer. */
function binary(res: request.Response, done: (err: Error | null, body: unknown) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}
