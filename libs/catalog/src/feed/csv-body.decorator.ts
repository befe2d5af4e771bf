import { createParamDecorator, UnsupportedMediaTypeException, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { InvalidInputError, unsafeTextReason } from '@kedai/core';
import { MAX_IMPORT_BYTES } from './entities/catalog-import.entity';
import { CatalogImportTooLargeError } from './errors';

/**
 * The raw `text/csv` body of a request, read here because the API's body parsers only take JSON.
 * Reading stops at MAX_IMPORT_BYTES with the import's own typed error, so a huge upload is never
 * buffered whole. Text PostgreSQL cannot store is refused as BAD_USER_INPUT on field `csv`.
 */
export const CsvBody = createParamDecorator((_data: unknown, execution: ExecutionContext): Promise<string> => {
  const req = execution.switchToHttp().getRequest<Request>();
  if (!req.is('text/csv')) return Promise.reject(new UnsupportedMediaTypeException('Send the catalog as text/csv'));
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_IMPORT_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(new CatalogImportTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      // A custom decorator's value skips the global InputSafetyPipe, so the file is checked here.
      const csv = Buffer.concat(chunks).toString('utf8');
      const reason = unsafeTextReason(csv);
      if (reason) reject(new InvalidInputError([{ field: 'csv', messages: [`the file ${reason}`] }]));
      else resolve(csv);
    });
    req.on('error', reject);
  });
});
