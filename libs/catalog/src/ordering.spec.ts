import fc from 'fast-check';
import { permute, repeated } from './ordering';

describe('permute', () => {
  it('gives the listed items the slots they held, in the new order', () => {
    const items = [
      { id: 'a', position: 1 },
      { id: 'b', position: 5 },
      { id: 'c', position: 9 },
    ];
    expect([...permute(items, ['c', 'a', 'b'])]).toEqual([
      ['c', 1],
      ['a', 5],
      ['b', 9],
    ]);
    expect(permute(items, ['a', 'b', 'c']).size).toBe(0);
  });

  it('never changes the set of positions, so items outside the subset keep their place', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 30 }),
        fc.nat(),
        (positions, seed) => {
          const items = positions.map((position, i) => ({ id: `p${i}`, position }));
          const order = [...items]
            .sort((x, y) => ((x.position * 7919 + seed) % 101) - ((y.position * 7919 + seed) % 101))
            .map((i) => i.id);
          const next = new Map(items.map((i) => [i.id, i.position]));
          for (const [id, pos] of permute(items, order)) next.set(id, pos);
          expect([...next.values()].sort((a, b) => a - b)).toEqual([...positions].sort((a, b) => a - b));
          expect(order.map((id) => next.get(id))).toEqual([...positions].sort((a, b) => a - b));
        },
      ),
    );
  });
});

describe('repeated', () => {
  it('finds the first id given twice', () => {
    expect(repeated(['a', 'b', 'a'])).toBe('a');
    expect(repeated(['a', 'b'])).toBeUndefined();
  });
});
