import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { assertKey, contentTypeOf, MediaStorage, type StoredObject } from './media-storage';

const code = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;

/**
 * Renditions as files under one directory. Writes go to a temporary file in the target's own
 * directory, are synced, then renamed into place: rename is atomic on one filesystem, so a reader
 * never sees half a photo and a crash leaves at worst a stray `.tmp` file, never a torn rendition.
 */
export class LocalDiskStorage extends MediaStorage {
  private readonly root: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  async put(key: string, body: Buffer, _contentType: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const file = await open(temp, 'wx');
      try {
        await file.writeFile(body);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, path);
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    const path = this.pathOf(key);
    try {
      // Opened before anything is sent, so a missing file is a null here, not a broken response later.
      const file = await open(path, 'r');
      const stats = await file.stat();
      if (!stats.isFile()) {
        await file.close();
        return null;
      }
      return { body: file.createReadStream(), contentType: contentTypeOf(key), size: stats.size };
    } catch (e) {
      if (code(e) === 'ENOENT' || code(e) === 'EISDIR') return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    await rm(path, { force: true });
    // A photo's directory goes with its last rendition, so the tree does not fill with empty folders.
    try {
      await rmdir(dirname(path));
    } catch (e) {
      if (!['ENOENT', 'ENOTEMPTY', 'EEXIST'].includes(code(e) ?? '')) throw e;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (e) {
      if (code(e) === 'ENOENT') return false;
      throw e;
    }
  }

  private pathOf(key: string): string {
    const path = join(this.root, assertKey(key));
    // assertKey refuses `..` already; this holds even if that rule is ever loosened.
    if (!path.startsWith(this.root + sep)) throw new RangeError(`invalid storage key: ${JSON.stringify(key)}`);
    return path;
  }
}
