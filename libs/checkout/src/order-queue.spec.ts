import { botPriority, clockTicks, RANK_WORTH_MS } from './order-queue';

describe('the order bot’s job priority', () => {
  const t0 = Date.UTC(2026, 11, 5, 20, 0, 0);

  it('puts a business’s flood behind another business’s first order sent at the same time', () => {
    expect(botPriority(1, t0)).toBeLessThan(botPriority(2, t0));
    expect(botPriority(1, t0 + 10 * RANK_WORTH_MS)).toBeLessThan(botPriority(300, t0));
  });

  it('serves an order that has waited longer than its extra places are worth before newer ones of lower rank', () => {
    // Rank 3, queued a second ago, against rank 1 queued now: two places are worth 2 × RANK_WORTH_MS.
    expect(botPriority(3, t0)).toBeLessThan(botPriority(1, t0 + 1_000));
    // Within that time the lower rank still goes first.
    expect(botPriority(1, t0 + RANK_WORTH_MS)).toBeLessThan(botPriority(3, t0));
  });

  it('stays within BullMQ’s range (1 to 2,097,152) whatever the rank and the clock', () => {
    for (const now of [0, t0, t0 + 123_456_789, 8.64e15])
      for (const rank of [0, 1, 7, 10_000, 5_000_000]) {
        const p = botPriority(rank, now);
        expect(Number.isInteger(p)).toBe(true);
        expect(p).toBeGreaterThanOrEqual(1);
        expect(p).toBeLessThanOrEqual(2_097_152);
      }
    expect(clockTicks(t0)).toBe(clockTicks(t0 + RANK_WORTH_MS - 1));
  });
});
