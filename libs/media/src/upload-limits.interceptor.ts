import {
  Inject,
  Injectable,
  PayloadTooLargeException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request } from 'express';
import { catchError, throwError, type Observable } from 'rxjs';
import { MediaTooLargeError } from './errors';
import { mediaConfig, type MediaConfig } from './media.config';

/** Room for the multipart framing and the businessId field around the file itself. */
const FRAMING_BYTES = 64 * 1024;

/**
 * Bound outside multer's interceptor. A request whose declared length is past the cap is refused
 * before a byte of it is read; one that declares nothing (chunked) is cut off by multer's
 * `fileSize` limit while it streams in. Either way the answer is our typed 413 MEDIA_TOO_LARGE,
 * not multer's untyped one.
 */
@Injectable()
export class UploadLimitsInterceptor implements NestInterceptor {
  constructor(@Inject(mediaConfig.KEY) private readonly config: MediaConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const limit = { maxBytes: this.config.maxBytes };
    const declared = Number(context.switchToHttp().getRequest<Request>().header('content-length') ?? 0);
    if (declared > this.config.maxBytes + FRAMING_BYTES) throw new MediaTooLargeError(limit);
    return next
      .handle()
      .pipe(
        catchError((e: unknown) => throwError(() => (e instanceof PayloadTooLargeException ? new MediaTooLargeError(limit) : e))),
      );
  }
}
