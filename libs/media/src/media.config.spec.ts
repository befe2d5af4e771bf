import { ConfigError } from '@kedai/core';
import { mediaConfig } from './media.config';

function problems(): string[] {
  try {
    mediaConfig();
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems;
  }
}

describe('media configuration', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    for (const key of Object.keys(process.env)) if (/^(MEDIA|S3)_/.test(key)) delete process.env[key];
  });
  afterEach(() => {
    for (const key of Object.keys(process.env)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it('has development defaults: local disk under var/media, 10 MiB, /media URLs, a day before orphans go', () => {
    expect(mediaConfig()).toMatchObject({
      storage: 'local',
      dir: 'var/media',
      maxBytes: 10 * 1024 * 1024,
      publicUrl: '/media',
      orphanTtlHours: 24,
      s3: { endpoint: undefined, credentials: undefined, forcePathStyle: false },
    });
  });

  it('needs S3_BUCKET for s3 storage, and reads an S3-compatible endpoint', () => {
    process.env.MEDIA_STORAGE = 's3';
    expect(problems()).toEqual([expect.stringContaining('S3_BUCKET')]);
    Object.assign(process.env, {
      S3_BUCKET: 'photos',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
      MEDIA_PUBLIC_URL: 'https://cdn.example.com/p/',
    });
    expect(mediaConfig()).toMatchObject({
      storage: 's3',
      publicUrl: 'https://cdn.example.com/p',
      s3: { bucket: 'photos', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, credentials: { accessKeyId: 'id' } },
    });
  });

  it('reports bad values one line per variable, and never echoes a secret', () => {
    Object.assign(process.env, { MEDIA_MAX_BYTES: 'lots', MEDIA_STORAGE: 'ftp', S3_FORCE_PATH_STYLE: 'maybe' });
    const lines = problems();
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).toMatch(/MEDIA_MAX_BYTES[\s\S]*MEDIA_STORAGE|MEDIA_STORAGE[\s\S]*MEDIA_MAX_BYTES/);
    for (const key of ['MEDIA_MAX_BYTES', 'MEDIA_STORAGE', 'S3_FORCE_PATH_STYLE']) delete process.env[key];
    process.env.S3_SECRET_ACCESS_KEY = 'hunter2';
    expect(problems()).toEqual([expect.stringContaining('set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY')]);
    expect(problems().join('')).not.toContain('hunter2');
  });
});
