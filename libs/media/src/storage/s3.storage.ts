import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import type { OnApplicationShutdown } from '@nestjs/common';
import type { S3Config } from '../media.config';
import { assertKey, MediaStorage, type StoredObject } from './media-storage';

/** What S3Storage needs of a client: `send`. Tests pass a recorder; production an S3Client. */
export interface S3Sender {
  send(command: object): Promise<unknown>;
  destroy?(): void;
}

/** An S3Client for any S3-compatible store: AWS, or MinIO/R2/Spaces through an endpoint and path-style URLs. */
export function s3Client(config: S3Config): S3Client {
  const options: S3ClientConfig = {
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
  };
  return new S3Client(options);
}

const notFound = (e: unknown): boolean => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata?.httpStatusCode === 404;
};

/** Renditions as objects in one bucket. An S3 PUT is atomic: a reader sees the old object or the new one. */
export class S3Storage extends MediaStorage implements OnApplicationShutdown {
  constructor(
    private readonly client: S3Sender,
    private readonly bucket: string,
  ) {
    super();
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: assertKey(key),
        Body: body,
        ContentType: contentType,
        ContentLength: body.length,
        // For a CDN or a client reading the bucket directly: the object never changes.
        CacheControl: 'public, max-age=31536000, immutable',
      }),
    );
  }

  async get(key: string): Promise<StoredObject | null> {
    try {
      const out = (await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: assertKey(key) }))) as {
        Body?: unknown;
        ContentType?: string;
        ContentLength?: number;
      };
      if (!(out.Body instanceof Readable)) throw new Error(`S3 returned no readable body for ${key}`);
      return { body: out.Body, contentType: out.ContentType ?? 'application/octet-stream', size: out.ContentLength };
    } catch (e) {
      if (notFound(e)) return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    // S3 answers 204 for a key that is not there, so a repeated cleanup needs no special case.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: assertKey(key) }));
  }

  /** Closes the client's kept-alive sockets, so a stopping process is not held open by them. */
  onApplicationShutdown(): void {
    this.client.destroy?.();
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: assertKey(key) }));
      return true;
    } catch (e) {
      if (notFound(e)) return false;
      throw e;
    }
  }
}
