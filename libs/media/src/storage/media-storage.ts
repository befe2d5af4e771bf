import type { Readable } from 'node:stream';

/** An object read back from storage. */
export interface StoredObject {
  body: Readable;
  contentType: string;
  /** In bytes, when the store knows it before reading. */
  size?: number;
}

/**
 * Where renditions live: a port with a local-disk adapter (the default) and an S3-compatible one.
 * Keys look like `<id>/<size>.<format>`: lower-case letters, digits, `.`, `_`, `-`, separated by `/`.
 * Objects are written once and never changed, so readers may cache them forever.
 */
export abstract class MediaStorage {
  /** Stores `body` under `key`; a reader sees either nothing or the whole object, never part of it. */
  abstract put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The object, or null when there is none. */
  abstract get(key: string): Promise<StoredObject | null>;
  /** Removes the object; removing one that is not there is not an error, so a cleanup can be re-run. */
  abstract delete(key: string): Promise<void>;
  abstract exists(key: string): Promise<boolean>;
}

const SEGMENT = /^[a-z0-9][a-z0-9._-]*$/;

/** Throws unless `key` is made of safe segments: no `..`, no leading dot or slash, no empty segment. */
export function assertKey(key: string): string {
  const segments = key.split('/');
  if (key.length > 512 || !segments.every((s) => SEGMENT.test(s) && !s.includes('..')))
    throw new RangeError(`invalid storage key: ${JSON.stringify(key)}`);
  return key;
}

const BY_EXTENSION: Readonly<Record<string, string>> = {
  webp: 'image/webp',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  png: 'image/png',
};

/** The content type a key's extension stands for (the local disk keeps no other record of it). */
export function contentTypeOf(key: string): string {
  return BY_EXTENSION[key.slice(key.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}
