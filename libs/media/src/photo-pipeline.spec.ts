import sharp from 'sharp';
import { MediaTooLargeError, UnsupportedMediaError } from './errors';
import { PhotoPipeline, type ProcessedPhoto, type Rendition } from './photo-pipeline';

const pipeline = new PhotoPipeline({ maxPixels: 50_000_000, concurrency: 2 });

/** A JPEG as a phone writes one: stored sideways with EXIF orientation 6, with camera and GPS tags. */
async function phoneJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#c0392b' } })
    .withExif({
      IFD0: { Make: 'KedaiPhone', Model: 'Test 1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '3/1 8/1 2/1', GPSLongitudeRef: 'E', GPSLongitude: '101/1 41/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .jpeg()
    .toBuffer();
}

const find = (photo: ProcessedPhoto, size: string, format: string): Rendition =>
  photo.renditions.find((r) => r.size === size && r.format === format)!;

describe('PhotoPipeline', () => {
  it('turns a sideways phone photo upright, and keeps no EXIF, GPS, XMP or ICC in any rendition', async () => {
    const input = await phoneJpeg(2000, 1000);
    const before = await sharp(input).metadata();
    expect(before).toMatchObject({ orientation: 6, width: 2000, height: 1000 });
    expect(before.exif?.toString('latin1')).toContain('KedaiPhone');

    const photo = await pipeline.process(input);
    // Orientation 6 is a quarter turn: shown 1000 wide and 2000 high.
    expect(photo).toMatchObject({ mime: 'image/jpeg', width: 1000, height: 2000 });
    expect(photo.renditions).toHaveLength(6);
    for (const r of photo.renditions) {
      const meta = await sharp(r.data).metadata();
      expect(meta.format).toBe(r.format === 'webp' ? 'webp' : 'jpeg');
      expect([meta.width, meta.height]).toEqual([r.width, r.height]);
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(r.data.toString('latin1')).not.toContain('KedaiPhone');
    }
    expect(find(photo, 'thumbnail', 'webp')).toMatchObject({ width: 80, height: 160 });
    expect(find(photo, 'medium', 'jpeg')).toMatchObject({ width: 320, height: 640 });
    expect(find(photo, 'large', 'webp')).toMatchObject({ width: 640, height: 1280 });
  });

  it('writes progressive JPEGs', async () => {
    const photo = await pipeline.process(await phoneJpeg(800, 600));
    expect((await sharp(find(photo, 'large', 'jpeg').data).metadata()).isProgressive).toBe(true);
  });

  it('never enlarges: a small PNG keeps its size in the larger renditions', async () => {
    const png = await sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } } })
      .png()
      .toBuffer();
    const photo = await pipeline.process(png);
    expect(photo).toMatchObject({ mime: 'image/png', width: 300, height: 200 });
    expect(find(photo, 'thumbnail', 'jpeg')).toMatchObject({ width: 160, height: 107 });
    expect(find(photo, 'medium', 'webp')).toMatchObject({ width: 300, height: 200 });
    expect(find(photo, 'large', 'jpeg')).toMatchObject({ width: 300, height: 200 });
    // WebP keeps the transparency; JPEG has none, so it is laid on white.
    expect((await sharp(find(photo, 'large', 'webp').data).metadata()).hasAlpha).toBe(true);
    const jpeg = await sharp(find(photo, 'large', 'jpeg').data)
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(jpeg.info.channels).toBe(3);
    expect(jpeg.data[0]).toBeGreaterThan(100); // half-transparent blue on white: red channel well above 0
  });

  it('reads 16-bit and greyscale images into 8-bit sRGB renditions', async () => {
    const png16 = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#336699' } })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    const grey = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#888' } })
      .greyscale()
      .jpeg()
      .toBuffer();
    for (const input of [png16, grey]) {
      const photo = await pipeline.process(input);
      const meta = await sharp(find(photo, 'medium', 'jpeg').data).metadata();
      expect(meta).toMatchObject({ width: 64, height: 64, depth: 'uchar' });
    }
  });

  it('takes WebP, GIF (its first frame) and AVIF', async () => {
    const frame = (colour: string) =>
      sharp({ create: { width: 40, height: 30, channels: 3, background: colour } })
        .png()
        .toBuffer();
    const animated = await sharp([await frame('#00ff00'), await frame('#ff0000')], { join: { animated: true } })
      .gif()
      .toBuffer();
    expect((await sharp(animated).metadata()).pages).toBe(2);
    const gif = await pipeline.process(animated);
    expect(gif).toMatchObject({ mime: 'image/gif', width: 40, height: 30 });
    const pixel = await sharp(find(gif, 'large', 'jpeg').data)
      .raw()
      .toBuffer();
    expect([pixel[0] < 60, pixel[1] > 200]).toEqual([true, true]); // the green first frame, not the red second

    const still = () => sharp({ create: { width: 40, height: 30, channels: 3, background: '#2ecc71' } });
    expect((await pipeline.process(await still().webp().toBuffer())).mime).toBe('image/webp');
    expect((await pipeline.process(await still().avif().toBuffer())).mime).toBe('image/avif');
  });

  it('refuses a text file named .jpg, an SVG, a TIFF and a truncated header, whatever they claim', async () => {
    const tiff = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } })
      .tiff()
      .toBuffer();
    const inputs = [
      Buffer.from('this is not a photo.jpg\n'),
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'),
      tiff,
      (await phoneJpeg(100, 100)).subarray(0, 40),
      Buffer.alloc(0),
    ];
    for (const input of inputs) await expect(pipeline.process(input)).rejects.toBeInstanceOf(UnsupportedMediaError);
    await expect(pipeline.process(inputs[0])).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA', httpStatus: 415 });
  });

  it('refuses an image over the pixel cap from its header, without decoding it', async () => {
    const small = new PhotoPipeline({ maxPixels: 100 * 100, concurrency: 1 });
    const big = await sharp({ create: { width: 101, height: 100, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    await expect(small.process(big)).rejects.toBeInstanceOf(MediaTooLargeError);
    await expect(small.process(big)).rejects.toMatchObject({ code: 'MEDIA_TOO_LARGE', httpStatus: 413 });
  });
});
