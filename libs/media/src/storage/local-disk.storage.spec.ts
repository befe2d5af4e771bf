import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { LocalDiskStorage } from './local-disk.storage';
import { assertKey, contentTypeOf } from './media-storage';

const ID = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

describe('LocalDiskStorage', () => {
  let root: string;
  let storage: LocalDiskStorage;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kedai-media-'));
    storage = new LocalDiskStorage(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stores an object under its key and reads it back with its content type and size', async () => {
    await storage.put(`${ID}/medium.webp`, Buffer.from('webp bytes'), 'image/webp');
    expect(await readFile(join(root, ID, 'medium.webp'), 'utf8')).toBe('webp bytes');
    const got = await storage.get(`${ID}/medium.webp`);
    expect(got).toMatchObject({ contentType: 'image/webp', size: 10 });
    expect(await text(got!.body)).toBe('webp bytes');
    expect(await storage.exists(`${ID}/medium.webp`)).toBe(true);
  });

  it('writes atomically: no temporary file is left, and a rewrite replaces the whole object', async () => {
    await storage.put(`${ID}/large.jpeg`, Buffer.alloc(100_000, 1), 'image/jpeg');
    await storage.put(`${ID}/large.jpeg`, Buffer.from('short'), 'image/jpeg');
    expect(await readdir(join(root, ID))).toEqual(['large.jpeg']);
    expect(await readFile(join(root, ID, 'large.jpeg'), 'utf8')).toBe('short');
  });

  it('answers null and false for a missing object, and deleting one twice is fine', async () => {
    expect(await storage.get(`${ID}/thumbnail.webp`)).toBeNull();
    expect(await storage.exists(`${ID}/thumbnail.webp`)).toBe(false);
    await storage.put(`${ID}/thumbnail.webp`, Buffer.from('x'), 'image/webp');
    await storage.delete(`${ID}/thumbnail.webp`);
    await expect(storage.delete(`${ID}/thumbnail.webp`)).resolves.toBeUndefined();
    expect(await storage.exists(`${ID}/thumbnail.webp`)).toBe(false);
  });

  it('removes a photo’s directory with its last object, and keeps it while others remain', async () => {
    await storage.put(`${ID}/a.webp`, Buffer.from('a'), 'image/webp');
    await storage.put(`${ID}/b.webp`, Buffer.from('b'), 'image/webp');
    await storage.delete(`${ID}/a.webp`);
    expect(await readdir(join(root, ID))).toEqual(['b.webp']);
    await storage.delete(`${ID}/b.webp`);
    expect(await readdir(root)).toEqual([]);
  });

  it('refuses keys that could leave its directory, before touching the disk', async () => {
    await writeFile(join(tmpdir(), 'kedai-outside.txt'), 'secret');
    const bad = [
      '../kedai-outside.txt',
      `${ID}/../../etc/passwd`,
      '/etc/passwd',
      'a//b',
      '.hidden',
      'a/./b',
      'A/B',
      'a\\b',
      '',
      'a/b/',
    ];
    for (const key of bad) {
      await expect(storage.put(key, Buffer.from('x'), 'image/webp')).rejects.toThrow(RangeError);
      await expect(storage.get(key)).rejects.toThrow(RangeError);
      await expect(storage.delete(key)).rejects.toThrow(RangeError);
      await expect(storage.exists(key)).rejects.toThrow(RangeError);
    }
    expect(await readFile(join(tmpdir(), 'kedai-outside.txt'), 'utf8')).toBe('secret');
    await rm(join(tmpdir(), 'kedai-outside.txt'));
  });

  it('does not treat a directory as an object', async () => {
    await mkdir(join(root, ID, 'large.webp'), { recursive: true });
    expect(await storage.get(`${ID}/large.webp`)).toBeNull();
    expect(await storage.exists(`${ID}/large.webp`)).toBe(false);
  });
});

describe('storage keys', () => {
  it('accepts the keys renditions use', () => {
    expect(assertKey(`${ID}/thumbnail.webp`)).toBe(`${ID}/thumbnail.webp`);
  });

  it('names content types by extension', () => {
    expect(contentTypeOf('x/large.webp')).toBe('image/webp');
    expect(contentTypeOf('x/large.jpeg')).toBe('image/jpeg');
    expect(contentTypeOf('x/large.bin')).toBe('application/octet-stream');
  });
});
