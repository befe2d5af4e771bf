import type { Metadata, Sharp, SharpOptions } from 'sharp';
import { MediaTooLargeError, UnsupportedMediaError } from './errors';
import { PHOTO_SIZES, SIZE_NAMES, type PhotoFormat, type PhotoSize } from './renditions';
import { Semaphore } from './semaphore';

/** What we take, by the format sharp finds in the bytes, and the MIME type recorded for it. */
const ACCEPTED: Readonly<Record<string, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
};
export const ACCEPTED_TYPES = Object.values(ACCEPTED);

export interface Rendition {
  size: PhotoSize;
  format: PhotoFormat;
  width: number;
  height: number;
  data: Buffer;
}

export interface ProcessedPhoto {
  /** The MIME type of the upload, from its bytes. */
  mime: string;
  /** As displayed: after the EXIF orientation is applied. */
  width: number;
  height: number;
  renditions: Rendition[];
}

export interface PipelineLimits {
  maxPixels: number;
  /** Photos decoded at once; the rest wait. Each decode may hold about 4 bytes per pixel. */
  concurrency: number;
}

// An EXIF orientation of 5 to 8 turns the picture a quarter: the displayed width is the stored height.
const quarterTurned = (orientation?: number) => orientation !== undefined && orientation >= 5 && orientation <= 8;

/**
 * Turns an upload into its renditions with sharp (libvips, on libuv's thread pool, so the event
 * loop stays free). The type is read from the bytes; the picture is turned upright from its EXIF
 * orientation, then every rendition is written without metadata (EXIF, GPS, XMP, ICC: sharp keeps
 * none unless asked), in sRGB.
 */
export class PhotoPipeline {
  private readonly slots: Semaphore;
  private lib?: typeof import('sharp');

  constructor(private readonly limits: PipelineLimits) {
    this.slots = new Semaphore(limits.concurrency);
  }

  process(input: Buffer): Promise<ProcessedPhoto> {
    return this.slots.run(() => this.render(input));
  }

  // libvips costs ~27 MB of resident memory: loaded with the first upload, not in every API
  // process that only serves catalogs (nor in the worker, which never decodes).
  private get sharp(): typeof import('sharp') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.lib ??= require('sharp') as typeof import('sharp');
    return this.lib;
  }

  private async render(input: Buffer): Promise<ProcessedPhoto> {
    const sharp = this.sharp;
    const meta = await this.inspect(input);
    const mime = mimeOf(meta);
    const width = quarterTurned(meta.orientation) ? meta.height : meta.width;
    const height = quarterTurned(meta.orientation) ? meta.width : meta.height;

    // Decoded once, to the largest rendition, as raw pixels (at most 1280² × 4 bytes); the
    // smaller sizes and both encodings come from that, not from the original again. JPEG and
    // WebP decoders shrink on load, so a 24-megapixel original is never held whole.
    const largest = PHOTO_SIZES.large;
    const { data, info } = await this.guard(() =>
      sharp(input, this.inputOptions())
        .rotate()
        .resize({ width: largest, height: largest, fit: 'inside', withoutEnlargement: true })
        .toColourspace('srgb')
        .raw()
        .toBuffer({ resolveWithObject: true }),
    );
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels as 1 | 2 | 3 | 4 } };

    const renditions = await Promise.all(
      SIZE_NAMES.flatMap((size) =>
        (['webp', 'jpeg'] as const).map(async (format): Promise<Rendition> => {
          const box = PHOTO_SIZES[size];
          let image: Sharp = sharp(data, raw);
          if (info.width > box || info.height > box) image = image.resize({ width: box, height: box, fit: 'inside' });
          image =
            format === 'webp'
              ? image.webp({ quality: 80, effort: 4 })
              : // JPEG has no transparency: what was see-through becomes white, as on a chat bubble.
                image.flatten({ background: '#ffffff' }).jpeg({ quality: 80, mozjpeg: true, progressive: true });
          const out = await image.toBuffer({ resolveWithObject: true });
          return { size, format, width: out.info.width, height: out.info.height, data: out.data };
        }),
      ),
    );
    return { mime, width, height, renditions };
  }

  private inputOptions(): SharpOptions {
    // One page only: an animated GIF or WebP becomes its first frame. Decoder errors fail the
    // upload; mere warnings (extraneous bytes, as some phone cameras write) do not.
    return { limitInputPixels: this.limits.maxPixels, pages: 1, failOn: 'error' };
  }

  private async inspect(input: Buffer): Promise<Metadata> {
    const meta = await this.guard(() => this.sharp(input, this.inputOptions()).metadata());
    if (!meta.width || !meta.height) throw new UnsupportedMediaError(ACCEPTED_TYPES);
    // metadata() reads the header only; the cap is checked here so nothing large is decoded.
    if (meta.width * meta.height > this.limits.maxPixels) throw new MediaTooLargeError({ maxPixels: this.limits.maxPixels });
    return meta;
  }

  /** sharp's errors become ours: over the pixel cap is 413, anything it cannot read is 415. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      if (e instanceof UnsupportedMediaError || e instanceof MediaTooLargeError) throw e;
      if (/pixel limit/i.test((e as Error).message)) throw new MediaTooLargeError({ maxPixels: this.limits.maxPixels });
      throw new UnsupportedMediaError(ACCEPTED_TYPES);
    }
  }
}

// AVIF is HEIF with AV1 inside; other HEIF (HEVC, as iPhones write) cannot be decoded by the
// prebuilt libvips, which ships no patented codec, so it is refused here rather than failing later.
function mimeOf(meta: Metadata): string {
  const format = meta.format === 'heif' && meta.compression === 'av1' ? 'avif' : meta.format;
  const mime = format && Object.hasOwn(ACCEPTED, format) ? ACCEPTED[format] : undefined;
  if (!mime) throw new UnsupportedMediaError(ACCEPTED_TYPES);
  return mime;
}
