import { DomainError } from '@kedai/core';

/** The upload is not a photo we accept (judged from its bytes, never its name or declared type). */
export class UnsupportedMediaError extends DomainError {
  constructor(accepted: readonly string[]) {
    super('UNSUPPORTED_MEDIA', `The file is not a photo we can use; send one of: ${accepted.join(', ')}`, 415, { accepted });
  }
}

/** The upload is over the byte or pixel cap. */
export class MediaTooLargeError extends DomainError {
  constructor(limit: { maxBytes?: number; maxPixels?: number }) {
    super(
      'MEDIA_TOO_LARGE',
      limit.maxPixels !== undefined
        ? `The photo has more than ${limit.maxPixels} pixels`
        : `The photo is larger than ${limit.maxBytes} bytes`,
      413,
      limit,
    );
  }
}
