import { Check, Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { InvalidTransitionError } from '@kedai/core/errors/domain-error';
import { newId } from '@kedai/core/database/ids';
// Only for the foreign keys: an import holds ids, never the business or the person.
import { Business } from '@kedai/business/entities/business.entity';
import { Person } from '@kedai/identity/entities/person.entity';

export const FEED_KINDS = ['import', 'export'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export const FEED_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type FeedStatus = (typeof FEED_STATUSES)[number];

/** The largest CSV an import takes: about 50,000 rows of a generous feed. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
/** Only the first errors are kept (a broken file can have one per cell); `errorCount` has them all. */
export const MAX_STORED_ERRORS = 500;

/** One problem with an import: `row` counts the header as row 1, as a spreadsheet does; null for the whole file. */
export interface FeedError {
  row: number | null;
  column: string | null;
  message: string;
}

export interface FeedCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * The lifecycle as data. `running` may move to itself: a job that crashed mid-run leaves the row
 * running, and its retry must be able to pick it up again rather than find it stuck.
 */
const TRANSITIONS: Record<FeedStatus, readonly FeedStatus[]> = {
  queued: ['running', 'failed'],
  running: ['running', 'succeeded', 'failed'],
  succeeded: [],
  failed: [],
};

/** A catalog import or export, run on the worker; the row is its progress report and its result. */
@Entity({ tableName: 'catalog_import' })
@Index({ name: 'catalog_import_business_created_idx', properties: ['businessId', 'createdAt'] })
@Check({ name: 'catalog_import_kind_check', expression: "kind in ('import', 'export')" })
@Check({ name: 'catalog_import_status_check', expression: "status in ('queued', 'running', 'succeeded', 'failed')" })
@Check({ name: 'catalog_import_rows_check', expression: 'processed_rows >= 0 and processed_rows <= total_rows' })
@Check({
  name: 'catalog_import_counts_check',
  expression: 'created_count >= 0 and updated_count >= 0 and unchanged_count >= 0 and error_count >= 0',
})
@Check({ name: 'catalog_import_errors_check', expression: "jsonb_typeof(errors) = 'array'" })
@Check({ name: 'catalog_import_input_check', expression: "(kind = 'import') = (input is not null)" })
@Check({ name: 'catalog_import_input_size_check', expression: 'octet_length(input) <= 5242880' })
export class CatalogImport {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Business, { mapToPk: true, joinColumn: 'business_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly businessId: string;

  /** Null when an API key or trusted code started it, or the person has since been deleted. */
  @ManyToOne(() => Person, {
    mapToPk: true,
    joinColumn: 'created_by',
    nullable: true,
    deleteRule: 'set null',
    updateRule: 'no action',
  })
  createdBy: string | null;

  @Property({ type: 'text' })
  readonly kind: FeedKind;

  @Property({ type: 'text', default: 'queued' })
  status: FeedStatus = 'queued';

  /** Data rows in the file (imports) or written (exports); known once the worker has read the file. */
  @Property({ type: 'integer', default: 0 })
  totalRows: number = 0;

  @Property({ type: 'integer', default: 0 })
  processedRows: number = 0;

  /** Products, not rows: a product with variants spans several rows and changes as one. */
  @Property({ type: 'integer', default: 0 })
  createdCount: number = 0;

  @Property({ type: 'integer', default: 0 })
  updatedCount: number = 0;

  @Property({ type: 'integer', default: 0 })
  unchangedCount: number = 0;

  @Property({ type: 'integer', default: 0 })
  errorCount: number = 0;

  @Property({ type: 'jsonb', default: '[]' })
  errors: FeedError[] = [];

  // Lazy: a list of imports must not drag megabytes of CSV out of the database.
  @Property({ type: 'text', nullable: true, lazy: true })
  input: string | null;

  @Property({ type: 'text', nullable: true, lazy: true })
  output: string | null = null;

  /** Runs started, including retries after a crash. */
  @Property({ type: 'integer', default: 0 })
  attempts: number = 0;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  startedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null = null;

  constructor(input: { businessId: string; createdBy: string | null; kind: FeedKind; csv?: string }) {
    if (input.kind === 'import' && input.csv === undefined) throw new RangeError('an import needs its CSV');
    if (input.csv !== undefined && Buffer.byteLength(input.csv) > MAX_IMPORT_BYTES)
      throw new RangeError(`an import is at most ${MAX_IMPORT_BYTES} bytes`);
    this.businessId = input.businessId;
    this.createdBy = input.createdBy;
    this.kind = input.kind;
    this.input = input.kind === 'import' ? (input.csv ?? '') : null;
  }

  get finished(): boolean {
    return TRANSITIONS[this.status].length === 0;
  }

  /** Starts (or, after a crash, restarts) a run. */
  start(now: Date): void {
    this.moveTo('running');
    this.attempts += 1;
    this.startedAt ??= now;
  }

  succeed(counts: FeedCounts, now: Date): void {
    this.moveTo('succeeded');
    this.processedRows = this.totalRows;
    this.createdCount = counts.created;
    this.updatedCount = counts.updated;
    this.unchangedCount = counts.unchanged;
    this.finishedAt = now;
  }

  /** Fails with the errors sorted by row, keeping the first MAX_STORED_ERRORS. */
  fail(errors: FeedError[], now: Date): void {
    this.moveTo('failed');
    const sorted = [...errors].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    this.errors = sorted.slice(0, MAX_STORED_ERRORS);
    this.errorCount = errors.length;
    this.processedRows = Math.min(this.processedRows, this.totalRows);
    this.finishedAt = now;
  }

  private moveTo(next: FeedStatus): void {
    if (!TRANSITIONS[this.status].includes(next)) throw new InvalidTransitionError(`Catalog ${this.kind}`, this.status, next);
    this.status = next;
  }
}
