import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestListener } from '@apollo/server';
import { Inject } from '@nestjs/common';
import { Plugin } from '@nestjs/apollo';
import type { Request } from 'express';
import type { FormattedExecutionResult, OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { catalogConfig, type CatalogConfig } from '../catalog.config';
import { CatalogChanges } from './catalog-changes';

/** Root fields whose answers depend on catalog data only, the same for every anonymous shopper. */
const CACHEABLE = new Set(['catalog', 'collections', 'product', 'searchProducts']);
const MAX_ENTRIES = 5_000;
const MAX_BYTES = 64 * 1024 * 1024;
/**
 * A bound on what a missed change can cost. Every catalog change reaches the cache at once (see
 * CatalogChanges); what does not count as a catalog change is a business's name or logo shown
 * through product.business, and whether a business is listed in search: those may show for this long.
 */
const TTL_MS = 30_000;

// The key starts with the generation, so a change makes every older entry unreachable (the LRU
// then drops them as new ones come).
interface Entry {
  result: FormattedExecutionResult;
}
/** How long a request waits for an identical one already computing, before computing itself. */
const FOLLOWER_WAIT_MS = 2_000;

/**
 * Answers anonymous catalog reads from memory while the catalog has not changed. A catalog page
 * is the same for every shopper, read far more often than written, and its GraphQL execution
 * (about 1,500 fields for 20 products with prices, photos and variants) costs more than its SQL.
 * An answer is kept with the catalog generation it was computed in, and served only while that
 * generation is current: any change anywhere, in this process or another, makes it stale at once.
 *
 * Only plain queries whose every root field is a catalog read, from callers without credentials;
 * no answer with errors is kept. Parsing, validation and the query limits run as for any request.
 */
@Plugin()
export class CatalogResponseCache implements ApolloServerPlugin<{ req: Request }> {
  private readonly cache = new LRUCache<string, Entry>({
    max: MAX_ENTRIES,
    maxSize: MAX_BYTES,
    ttl: TTL_MS,
    sizeCalculation: (entry) => approximateBytes(entry.result),
  });
  private readonly inFlight = new Map<string, Promise<FormattedExecutionResult | null>>();

  constructor(
    private readonly changes: CatalogChanges,
    @Inject(catalogConfig.KEY) private readonly config: CatalogConfig,
  ) {}

  requestDidStart({ contextValue }: { contextValue: { req: Request } }): Promise<GraphQLRequestListener<{ req: Request }>> {
    const req = contextValue.req;
    if (!this.config.readCache || req.header('authorization') || req.header('x-api-key')) return Promise.resolve({});
    let key: string | undefined;
    let generation: number | null = null;
    let leader: ((result: FormattedExecutionResult | null) => void) | undefined;
    return Promise.resolve({
      responseForOperation: async ({ operation, queryHash, request }) => {
        if (!isCatalogRead(operation)) return null;
        generation = this.changes.generation;
        if (generation === null) return null;
        key = `${generation}|${queryHash}|${request.operationName ?? ''}|${JSON.stringify(request.variables ?? {})}`;
        const hit = this.cache.get(key);
        if (hit) return answer(hit.result);
        // Right after a change every shopper misses at once; one of them computes the answer and
        // the others wait for it, instead of fifty computing the same page.
        const pending = this.inFlight.get(key);
        if (pending) {
          const shared = await Promise.race([pending, sleep(FOLLOWER_WAIT_MS)]);
          if (shared) return answer(shared);
          // A leader that never finished (its request died) must not hold everyone up again.
          if (this.inFlight.get(key) === pending) this.inFlight.delete(key);
          return null;
        }
        this.inFlight.set(key, new Promise((resolve) => (leader = resolve)));
        return null;
      },
      willSendResponse: ({ response }) => {
        if (!leader || key === undefined || generation === null) return Promise.resolve();
        const result = response.body.kind === 'single' && !response.body.singleResult.errors ? response.body.singleResult : null;
        this.inFlight.delete(key);
        leader(result);
        // Kept only if nothing changed while it was computed, so the cache never holds a half-old answer.
        if (result && generation === this.changes.generation) this.cache.set(key, { result });
        return Promise.resolve();
      },
    });
  }
}

function answer(result: FormattedExecutionResult) {
  return { http: { headers: new HeaderMap(), status: undefined }, body: { kind: 'single' as const, singleResult: result } };
}

const sleep = (ms: number) => new Promise<null>((resolve) => setTimeout(() => resolve(null), ms).unref());

function isCatalogRead(operation: OperationDefinitionNode): boolean {
  return (
    operation.operation === 'query' &&
    operation.selectionSet.selections.every((s) => s.kind === 'Field' && CACHEABLE.has(s.name.value))
  );
}

/** Close enough for an LRU's byte budget: the size of the answer as JSON, counted once. */
function approximateBytes(result: FormattedExecutionResult): number {
  return Math.max(1, JSON.stringify(result.data ?? null).length);
}
