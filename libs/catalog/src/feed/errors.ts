import { DomainError } from '@kedai/core';
import { MAX_IMPORT_BYTES } from './entities/catalog-import.entity';

/** A CSV over the import limit; refused before anything is stored or queued. */
export class CatalogImportTooLargeError extends DomainError {
  constructor() {
    super('CATALOG_IMPORT_TOO_LARGE', `A catalog file is at most ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`, 413, {
      maxBytes: MAX_IMPORT_BYTES,
    });
  }
}
