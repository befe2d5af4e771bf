import { byKeys, LoaderRegistry } from './loader-registry';

interface Row {
  id: string;
  name: string;
}

/** A batch function that records each call, as a repository would see its queries. */
function recordingBatch() {
  const calls: string[][] = [];
  const batch = async (keys: readonly string[]): Promise<(Row | null)[]> => {
    calls.push([...keys]);
    return keys.map((id) => (id.startsWith('missing') ? null : { id, name: `row ${id}` }));
  };
  return { calls, batch };
}

describe('LoaderRegistry', () => {
  it('gives one DataLoader per name, and different ones for different names', () => {
    const registry = new LoaderRegistry();
    const { batch } = recordingBatch();
    const a = registry.get('business', batch);
    expect(registry.get('business', batch)).toBe(a);
    // The first batch function registered under a name wins: the name is the identity.
    expect(registry.get('business', recordingBatch().batch)).toBe(a);
    expect(registry.get('product', batch)).not.toBe(a);
  });

  it('batches the loads of one tick into one call', async () => {
    const registry = new LoaderRegistry();
    const { calls, batch } = recordingBatch();
    const rows = await Promise.all(['a', 'b', 'c'].map((id) => registry.get('business', batch).load(id)));
    expect(rows.map((r) => r?.id)).toEqual(['a', 'b', 'c']);
    expect(calls).toEqual([['a', 'b', 'c']]);
  });

  it('caches within a registry: a key is fetched once, and a later tick only fetches new keys', async () => {
    const registry = new LoaderRegistry();
    const { calls, batch } = recordingBatch();
    await Promise.all([registry.get('business', batch).load('a'), registry.get('business', batch).load('a')]);
    await registry.get('business', batch).loadMany(['a', 'b']);
    expect(calls).toEqual([['a'], ['b']]);
  });

  it('shares nothing between registries (one per request)', async () => {
    const first = new LoaderRegistry();
    const second = new LoaderRegistry();
    const { calls, batch } = recordingBatch();
    await first.get('business', batch).load('a');
    await second.get('business', batch).load('a');
    expect(first.get('business', batch)).not.toBe(second.get('business', batch));
    expect(calls).toEqual([['a'], ['a']]);
  });

  it('passes a missing row through as null', async () => {
    const registry = new LoaderRegistry();
    const { batch } = recordingBatch();
    const loader = registry.get('business', batch);
    await expect(Promise.all([loader.load('a'), loader.load('missing-1')])).resolves.toEqual([{ id: 'a', name: 'row a' }, null]);
  });
});

describe('byKeys', () => {
  const rows: Row[] = [
    { id: 'c', name: 'C' },
    { id: 'a', name: 'A' },
  ];

  it('orders rows by the keys asked for, with null where a key has no row', () => {
    expect(byKeys(['a', 'b', 'c'], rows, (r) => r.id)).toEqual([{ id: 'a', name: 'A' }, null, { id: 'c', name: 'C' }]);
  });

  it('returns one entry per key, repeated keys included', () => {
    expect(byKeys(['a', 'a', 'x'], rows, (r) => r.id)).toEqual([rows[1], rows[1], null]);
  });

  it('returns nulls for every key when there are no rows, and nothing for no keys', () => {
    expect(byKeys(['a', 'b'], [], (r: Row) => r.id)).toEqual([null, null]);
    expect(byKeys([], rows, (r) => r.id)).toEqual([]);
  });

  it('serves a DataLoader end to end: rows from an unordered query land on their keys', async () => {
    const registry = new LoaderRegistry();
    const loader = registry.get<string, Row | null>('by-id', async (keys) => byKeys(keys, [...rows].reverse(), (r) => r.id));
    await expect(Promise.all([loader.load('c'), loader.load('b'), loader.load('a')])).resolves.toEqual([
      { id: 'c', name: 'C' },
      null,
      { id: 'a', name: 'A' },
    ]);
  });
});
