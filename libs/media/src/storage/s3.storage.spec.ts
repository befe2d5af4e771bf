import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Client, S3Storage, type S3Sender } from './s3.storage';

/**
 * No S3 is reachable here, so this checks only what S3Storage asks the SDK for (the commands and
 * their inputs) and how it reads the SDK's answers; it says nothing about a real bucket.
 */
class Recorder implements S3Sender {
  readonly sent: object[] = [];
  constructor(private readonly answer: (command: object) => unknown = () => ({})) {}
  async send(command: object): Promise<unknown> {
    this.sent.push(command);
    return this.answer(command);
  }
}

const notFound = (name: string) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 404 } });
const KEY = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/large.webp';

describe('S3Storage (commands only, no bucket)', () => {
  it('puts an object with its key, bucket, type, length and an immutable cache header', async () => {
    const s3 = new Recorder();
    await new S3Storage(s3, 'photos').put(KEY, Buffer.from('abc'), 'image/webp');
    expect(s3.sent).toHaveLength(1);
    expect(s3.sent[0]).toBeInstanceOf(PutObjectCommand);
    expect((s3.sent[0] as PutObjectCommand).input).toEqual({
      Bucket: 'photos',
      Key: KEY,
      Body: Buffer.from('abc'),
      ContentType: 'image/webp',
      ContentLength: 3,
      CacheControl: 'public, max-age=31536000, immutable',
    });
  });

  it('gets an object as a stream with its type and length, and null for NoSuchKey', async () => {
    const body = Readable.from([Buffer.from('abc')]);
    const s3 = new Recorder((c) => {
      if ((c as GetObjectCommand).input.Key === KEY) return { Body: body, ContentType: 'image/webp', ContentLength: 3 };
      throw notFound('NoSuchKey');
    });
    const storage = new S3Storage(s3, 'photos');
    await expect(storage.get(KEY)).resolves.toEqual({ body, contentType: 'image/webp', size: 3 });
    expect(s3.sent[0]).toBeInstanceOf(GetObjectCommand);
    expect((s3.sent[0] as GetObjectCommand).input).toEqual({ Bucket: 'photos', Key: KEY });
    await expect(storage.get(KEY.replace('large', 'medium'))).resolves.toBeNull();
  });

  it('deletes by key, and answers exists from HEAD (404 is false, other errors propagate)', async () => {
    const s3 = new Recorder((c) => {
      if (c instanceof HeadObjectCommand && c.input.Key !== KEY) throw notFound('NotFound');
      return {};
    });
    const storage = new S3Storage(s3, 'photos');
    await storage.delete(KEY);
    expect(s3.sent[0]).toBeInstanceOf(DeleteObjectCommand);
    expect((s3.sent[0] as DeleteObjectCommand).input).toEqual({ Bucket: 'photos', Key: KEY });
    expect(await storage.exists(KEY)).toBe(true);
    expect(await storage.exists(KEY.replace('large', 'medium'))).toBe(false);

    const broken = new S3Storage(
      new Recorder(() => {
        throw Object.assign(new Error('AccessDenied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
      }),
      'photos',
    );
    await expect(broken.exists(KEY)).rejects.toThrow('AccessDenied');
  });

  it('refuses unsafe keys without sending anything', async () => {
    const s3 = new Recorder();
    await expect(new S3Storage(s3, 'photos').put('../x', Buffer.from('a'), 'image/webp')).rejects.toThrow(RangeError);
    expect(s3.sent).toEqual([]);
  });

  it('builds a client for an S3-compatible endpoint with path-style addressing and static credentials', async () => {
    const client = s3Client({
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'photos',
      region: 'auto',
      forcePathStyle: true,
      credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
    });
    try {
      expect(client.config.forcePathStyle).toBe(true);
      expect(await client.config.region()).toBe('auto');
      const endpoint = await client.config.endpoint!();
      expect(endpoint).toMatchObject({ hostname: '127.0.0.1', port: 9000, protocol: 'http:' });
      expect(await client.config.credentials()).toMatchObject({ accessKeyId: 'id', secretAccessKey: 'secret' });
    } finally {
      client.destroy();
    }
  });
});
