import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { FEED_KINDS, FEED_STATUSES, type CatalogImport, type FeedKind, type FeedStatus } from '../entities/catalog-import.entity';

export const CATALOG_FEED_KIND_ENUM: Record<string, FeedKind> = Object.fromEntries(FEED_KINDS.map((k) => [k.toUpperCase(), k]));
registerEnumType(CATALOG_FEED_KIND_ENUM, { name: 'CatalogImportKind' });

export const CATALOG_FEED_STATUS_ENUM: Record<string, FeedStatus> = Object.fromEntries(
  FEED_STATUSES.map((s) => [s.toUpperCase(), s]),
);
registerEnumType(CATALOG_FEED_STATUS_ENUM, { name: 'CatalogImportStatus' });

@ObjectType('CatalogImportError', { description: 'One problem with an imported file' })
export class CatalogImportErrorModel {
  @Field(() => Int, {
    nullable: true,
    description: 'The row, counting the header as row 1 as a spreadsheet does; null for the whole file',
  })
  row!: number | null;

  @Field(() => String, { nullable: true, description: 'The column, as the header names it; null for the whole row' })
  column!: string | null;

  @Field()
  message!: string;
}

@ObjectType('CatalogImport', { description: 'A catalog CSV import or export, run in the background' })
export class CatalogImportModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  businessId!: string;

  @Field(() => CATALOG_FEED_KIND_ENUM)
  kind!: FeedKind;

  @Field(() => CATALOG_FEED_STATUS_ENUM)
  status!: FeedStatus;

  @Field(() => Int, { description: 'Rows of the file besides the header; 0 until the worker has read it' })
  totalRows!: number;

  @Field(() => Int, { description: 'Rows checked so far, for a progress bar against totalRows' })
  processedRows!: number;

  @Field(() => Int, { description: 'Products created (a product with variants spans several rows)' })
  createdCount!: number;

  @Field(() => Int)
  updatedCount!: number;

  @Field(() => Int)
  unchangedCount!: number;

  @Field(() => Int, { description: 'All errors found; `errors` lists the first 500' })
  errorCount!: number;

  @Field(() => [CatalogImportErrorModel])
  errors!: CatalogImportErrorModel[];

  @Field(() => String, { nullable: true, description: 'Where a finished export’s CSV can be downloaded (same credentials)' })
  downloadPath!: string | null;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  static from(r: CatalogImport): CatalogImportModel {
    const done = r.kind === 'export' && r.status === 'succeeded';
    return Object.assign(new CatalogImportModel(), {
      id: r.id,
      businessId: r.businessId,
      kind: r.kind,
      status: r.status,
      totalRows: r.totalRows,
      processedRows: r.processedRows,
      createdCount: r.createdCount,
      updatedCount: r.updatedCount,
      unchangedCount: r.unchangedCount,
      errorCount: r.errorCount,
      errors: r.errors,
      downloadPath: done ? `/businesses/${r.businessId}/catalog/exports/${r.id}.csv` : null,
      createdAt: r.createdAt,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
    });
  }
}
