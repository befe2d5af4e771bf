import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import sharp from 'sharp';

/**
 * Uploads a small generated photo through the real POST /media pipeline and returns its media id.
 * Shoppers only see products with a photo, so catalog tests give their products one.
 */
export async function uploadPhoto(api: INestApplication, auth: Record<string, string>, businessId: string): Promise<string> {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c0392b' } })
    .png()
    .toBuffer();
  const res = await request(api.getHttpServer())
    .post('/media')
    .set(auth)
    .field('businessId', businessId)
    .attach('file', png, 'p.png');
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { id: string }).id;
}
