import { registerAs } from '@nestjs/config';
import { Transform } from 'class-transformer';
import { IsBoolean } from 'class-validator';
import { readEnv, toBool } from '@kedai/core';

class CatalogEnv {
  /** Anonymous catalog reads answered from memory until the catalog changes (read/catalog-response-cache.ts). */
  @Transform(toBool)
  @IsBoolean({ message: 'CATALOG_READ_CACHE must be true or false' })
  CATALOG_READ_CACHE: boolean = true;
}

export const catalogConfig = registerAs('catalog', () => ({ readCache: readEnv(CatalogEnv).CATALOG_READ_CACHE }));
export type CatalogConfig = ReturnType<typeof catalogConfig>;
