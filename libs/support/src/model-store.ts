import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { SupportFaq, SupportModel } from './entities';
import { platformDocs, SupportEngine, type TrainingDoc } from './nlp/engine';
import { isLanguage } from './nlp/intents';

const PLATFORM = 'platform';
/** How long a worker trusts its copy of a model before asking PostgreSQL for the version again. */
const RECHECK_MS = 2_000;

interface Cached {
  version: number;
  engine: SupportEngine;
  checkedAt: number;
}

const hashOf = (docs: TrainingDoc[]) => createHash('sha256').update(JSON.stringify(docs)).digest('hex');

/**
 * The trained models, kept in PostgreSQL (`support_model`) and loaded by every worker: the
 * platform model (the corpus) and, for a business with FAQ entries, its own (corpus + FAQ). A
 * worker keeps the engines it loaded and re-reads a model when its version moved; training happens
 * once per change of source (the hash), whichever worker gets there first.
 */
@Injectable()
export class ModelStore {
  private readonly logger = new Logger(ModelStore.name);
  private readonly cache = new Map<string, Cached>();
  private readonly loading = new Map<string, Promise<SupportEngine>>();
  /** Which model answers for a business, as last checked. */
  private readonly routes = new Map<string, { key: string; checkedAt: number }>();

  constructor(private readonly em: EntityManager) {}

  /** The engine that answers for a business: its own model when it has FAQ entries, else the platform's. */
  async engineFor(businessId: string): Promise<SupportEngine> {
    const fresh = (at: number) => Date.now() - at < RECHECK_MS;
    const route = this.routes.get(businessId);
    const cached = route && fresh(route.checkedAt) ? this.cache.get(route.key) : undefined;
    if (cached && fresh(cached.checkedAt)) return cached.engine;
    const key = (await this.em.fork().count(SupportModel, { key: businessId })) > 0 ? businessId : PLATFORM;
    this.routes.set(businessId, { key, checkedAt: Date.now() });
    return this.load(key);
  }

  /**
   * The engine of a model whose version the caller has just read (the bot reads it with each
   * turn's facts): no query while that version is the one in memory, and a rebuilt model is picked
   * up by the very next message. Null: nothing trained yet, the platform's is trained or loaded.
   */
  async engine(model: { key: string; version: number } | null): Promise<SupportEngine> {
    const cached = model ? this.cache.get(model.key) : undefined;
    // Equal, not at least: a business whose FAQ was emptied and filled again starts over at version 1.
    if (cached && cached.version === model!.version) return cached.engine;
    return this.load(model?.key ?? PLATFORM);
  }

  /** Trains the business's model from the corpus and its FAQ entries (or drops it when it has none). */
  async rebuild(businessId: string): Promise<{ trained: boolean; version: number | null }> {
    const em = this.em.fork();
    const faqs = await em.find(SupportFaq, { businessId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    if (faqs.length === 0) {
      await em.nativeDelete(SupportModel, { key: businessId });
      this.cache.delete(businessId);
      return { trained: false, version: null };
    }
    return this.train(businessId, [...platformDocs(), ...faqDocs(faqs)]);
  }

  /** Makes sure the platform model matches the corpus in the code (after a deploy that changed it). */
  async ensurePlatform(): Promise<void> {
    await this.train(PLATFORM, platformDocs());
  }

  private async train(key: string, docs: TrainingDoc[]): Promise<{ trained: boolean; version: number }> {
    const sourceHash = hashOf(docs);
    const em = this.em.fork();
    const existing = await em.findOne(SupportModel, { key });
    if (existing?.sourceHash === sourceHash) return { trained: false, version: existing.version };
    const started = Date.now();
    const engine = await SupportEngine.train(docs);
    const [row] = await em.execute<{ version: number }[]>(
      `insert into support_model (key, version, source_hash, model) values (?, 1, ?, ?)
       on conflict (key) do update set version = support_model.version + 1, source_hash = excluded.source_hash,
         model = excluded.model, trained_at = now()
       where support_model.source_hash <> excluded.source_hash
       returning version`,
      [key, sourceHash, pack(engine.export())],
    );
    this.logger.log(`trained the ${key} model on ${docs.length} utterances in ${Date.now() - started} ms`);
    if (row) this.cache.set(key, { version: row.version, engine, checkedAt: Date.now() });
    return { trained: Boolean(row), version: row?.version ?? existing?.version ?? 0 };
  }

  private async load(key: string): Promise<SupportEngine> {
    const pending = this.loading.get(key);
    if (pending) return pending;
    const loading = (async () => {
      const em = this.em.fork();
      const [meta] = await em.execute<{ version: number }[]>('select version from support_model where key = ?', [key]);
      const cached = this.cache.get(key);
      if (cached && meta && cached.version === meta.version) {
        cached.checkedAt = Date.now();
        return cached.engine;
      }
      if (!meta) {
        if (key === PLATFORM) await this.ensurePlatform();
        return this.cache.get(PLATFORM)?.engine ?? (await this.load(PLATFORM));
      }
      const row = await em.findOneOrFail(SupportModel, { key });
      const engine = SupportEngine.load(unpack(row.model));
      this.cache.set(key, { version: row.version, engine, checkedAt: Date.now() });
      return engine;
    })();
    this.loading.set(key, loading);
    try {
      return await loading;
    } finally {
      this.loading.delete(key);
    }
  }
}

/** A business's FAQ entries as training documents: each entry is an intent of its own (`faq:<id>`). */
export function faqDocs(faqs: SupportFaq[]): TrainingDoc[] {
  return faqs.flatMap((f) =>
    isLanguage(f.language)
      ? f.questions.map((utterance) => ({ language: f.language as never, intent: `faq:${f.id}` as const, utterance }))
      : [],
  );
}

/**
 * Models are stored gzipped in base64: a fifth of the size, and without the long digit runs of
 * nlp.js's weights, which scans for card numbers in the database would take for PANs.
 */
const pack = (model: string) => gzipSync(model).toString('base64');
// A model stored before packing (plain JSON) still loads.
const unpack = (stored: string) => (stored.startsWith('{') ? stored : gunzipSync(Buffer.from(stored, 'base64')).toString('utf8'));
