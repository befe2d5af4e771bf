import { parse, type OperationDefinitionNode } from 'graphql';
import { operationLabel } from './graphql-metrics';
import { Metrics } from './metrics';
import { metricsAuthorized } from './metrics-endpoint';

const op = (doc: string) => parse(doc).definitions[0] as OperationDefinitionNode;

describe('metrics', () => {
  it('labels an operation by its first top-level field, never by the client-chosen name', () => {
    expect(operationLabel(op('query AnythingAtAll { catalog(handle: "x") { edges { cursor } } me { id } }'))).toBe('catalog');
    expect(operationLabel(op('{ ...F } fragment F on Query { me { id } }'))).toBe('(none)');
    expect(operationLabel(undefined)).toBe('(none)');
  });

  it('accepts any scrape without a token, and only the exact bearer with one', () => {
    expect(metricsAuthorized(null, undefined)).toBe(true);
    expect(metricsAuthorized('s3cret', undefined)).toBe(false);
    expect(metricsAuthorized('s3cret', 'Bearer s3cre')).toBe(false);
    expect(metricsAuthorized('s3cret', 'Bearer s3cret')).toBe(true);
  });

  it('runs scrape probes, and a failing one is counted without failing the scrape', async () => {
    const metrics = new Metrics();
    metrics.onScrape(() => {
      metrics.outboxPending.set(7);
      return Promise.resolve();
    });
    metrics.onScrape(() => Promise.reject(new Error('Redis is away')));
    const text = await metrics.scrape();
    expect(text).toMatch(/^kedai_outbox_pending 7$/m);
    expect(text).toMatch(/^kedai_metrics_probe_errors_total 1$/m);
  });
});
