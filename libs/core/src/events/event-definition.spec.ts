import { defineEvent, OnEvent, routingSql, ROUTING_FIELD, subscribersFor, wantedSql } from './event-definition';

const Said = defineEvent<{ n: number }>('test.unit.said', { facts: ['business_id', 'kind'] });
const Plain = defineEvent<{ n: number }>('test.unit.plain');
const Picky = defineEvent<{ n: number }>('test.unit.picky', { facts: ['kind'], subscribers: ['orders', 'refunds'] });
const Unheard = defineEvent<{ n: number }>('test.unit.unheard', { facts: ['kind'], subscribers: ['elsewhere'] });
const Undeclared = defineEvent<{ n: number }>('test.unit.undeclared', { facts: ['kind'] });

class Listeners {
  @OnEvent(Said, 'always')
  always(): void {}

  @OnEvent(Said, 'texts', { when: `e.kind = 'text'` })
  texts(): void {}

  @OnEvent(Said, 'hours', { when: `exists (select 1 from business b where b.id = e.business_id)` })
  hours(): void {}

  @OnEvent(Picky, 'orders', { when: `e.kind = 'order'` })
  orders(): void {}

  @OnEvent(Picky, 'refunds', { when: `e.kind = 'refund'` })
  refunds(): void {}

  @OnEvent(Undeclared, 'orders', { when: `e.kind = 'order'` })
  undeclared(): void {}
}
void Listeners;

const names = (payload: unknown) => subscribersFor(Said.name, payload).subscribers.map((s) => s.subscriber);

describe('event routing: a subscriber with a `when` hears only the rows its writer found it wants', () => {
  it('gives the writer one jsonb expression of every conditional subscriber', () => {
    expect(routingSql(Said)).toBe(
      `jsonb_build_object('texts', (e.kind = 'text'), 'hours', (exists (select 1 from business b where b.id = e.business_id)))`,
    );
    expect(routingSql(Plain)).toBeNull();
  });

  it('leaves out only a subscriber the writer said false for, and hands on the payload without the routing', () => {
    const { subscribers, payload } = subscribersFor(Said.name, { n: 1, [ROUTING_FIELD]: { texts: false, hours: true } });
    expect(subscribers.map((s) => s.subscriber)).toEqual(['always', 'hours']);
    expect(payload).toEqual({ n: 1 });
    expect(names({ n: 1, [ROUTING_FIELD]: { texts: false, hours: false } })).toEqual(['always']);
  });

  it('sends to everyone when the writer did not decide: an older row, a null verdict, a subscriber it did not know', () => {
    expect(names({ n: 1 })).toEqual(['always', 'texts', 'hours']);
    expect(names({ n: 1, [ROUTING_FIELD]: null })).toEqual(['always', 'texts', 'hours']);
    expect(names({ n: 1, [ROUTING_FIELD]: { texts: null } })).toEqual(['always', 'texts', 'hours']);
  });

  it('refuses a condition the writer cannot evaluate', () => {
    expect(() => OnEvent(Plain, 'x', { when: 'true' })).toThrow('offers no facts');
    expect(() => OnEvent(Said, 'y', { when: `e.kind = ?` })).toThrow('placeholders');
    expect(() => OnEvent(Said, 'z', { when: `e.person_id is null` })).toThrow('e.person_id is not one of business_id, kind');
  });

  it('spares a row only where every declared subscriber is known and has a condition: writers put it in their insert', () => {
    expect(wantedSql(Picky)).toBe(`((e.kind = 'order') or (e.kind = 'refund'))`);
    // Declaring no subscribers, a declared one not loaded here, one without a condition: always written.
    expect(wantedSql(Said)).toBe('true');
    expect(wantedSql(Undeclared)).toBe('true');
    expect(wantedSql(Unheard)).toBe('true');
    expect(() => OnEvent(Picky, 'audits', { when: `e.kind = 'order'` })).toThrow('not among those its definition declares');
  });
});
