/**
 * The renditions every photo has: three sizes a chat needs, each in WebP (what clients prefer)
 * and JPEG (what everything can show, WhatsApp's catalog included). A rendition is stored under
 * an immutable key derived from the photo's id alone, so URLs need no database and can be cached forever.
 */
export const PHOTO_SIZES = { thumbnail: 160, medium: 640, large: 1280 } as const;
export type PhotoSize = keyof typeof PHOTO_SIZES;
export const SIZE_NAMES = Object.keys(PHOTO_SIZES) as PhotoSize[];

export const PHOTO_FORMATS = ['webp', 'jpeg'] as const;
export type PhotoFormat = (typeof PHOTO_FORMATS)[number];

export const CONTENT_TYPES: Readonly<Record<PhotoFormat, string>> = { webp: 'image/webp', jpeg: 'image/jpeg' };

export type UrlPair = Record<PhotoFormat, string>;
/** A photo's URLs: per size, one per format. */
export type PhotoUrls = Record<PhotoSize, UrlPair>;

export const isPhotoSize = (s: string): s is PhotoSize => Object.hasOwn(PHOTO_SIZES, s);
export const isPhotoFormat = (f: string): f is PhotoFormat => (PHOTO_FORMATS as readonly string[]).includes(f);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isMediaId = (id: string): boolean => UUID.test(id);

/** The storage key of one rendition: `<id>/<size>.<format>`. */
export function renditionKey(id: string, size: PhotoSize, format: PhotoFormat): string {
  if (!isMediaId(id)) throw new RangeError(`not a media id: ${id}`);
  return `${id}/${size}.${format}`;
}

/** Every key a photo has in storage: what the cleanup deletes. */
export function renditionKeys(id: string): string[] {
  return SIZE_NAMES.flatMap((size) => PHOTO_FORMATS.map((format) => renditionKey(id, size, format)));
}

/** The public URLs of a photo under `base` (MEDIA_PUBLIC_URL), matching the GET /media route's keys. */
export function photoUrls(base: string, id: string): PhotoUrls {
  const root = base.replace(/\/+$/, '');
  const pair = (size: PhotoSize): UrlPair => ({
    webp: `${root}/${renditionKey(id, size, 'webp')}`,
    jpeg: `${root}/${renditionKey(id, size, 'jpeg')}`,
  });
  return { thumbnail: pair('thumbnail'), medium: pair('medium'), large: pair('large') };
}
