import { decodeCursor, encodeCursor, seek, type SortKey } from './keyset';

const ID = '01935d6a-0000-7000-8000-000000000001';
const position: SortKey = { sql: 'p.position', direction: 'asc', kind: 'int' };
const score: SortKey = { sql: 'score', direction: 'desc', kind: 'decimal' };

describe('keyset cursors', () => {
  it('round-trips', () => {
    const c = { listing: 'catalog', value: 41, id: ID };
    expect(decodeCursor(encodeCursor(c), 'catalog', position)).toEqual(c);
  });

  it('refuses a cursor of another listing', () => {
    expect(decodeCursor(encodeCursor({ listing: 'search:price_asc', value: 41, id: ID }), 'catalog', position)).toBeNull();
  });

  it.each([
    '',
    'not base64 json',
    Buffer.from('[1]').toString('base64url'),
    Buffer.from(`["catalog",1.5,"${ID}"]`).toString('base64url'),
    Buffer.from(`["catalog",1,"x"]`).toString('base64url'),
  ])('refuses %p', (raw) => expect(decodeCursor(raw, 'catalog', position)).toBeNull());

  it('takes decimals only as exact strings', () => {
    expect(decodeCursor(encodeCursor({ listing: 's', value: '0.912345', id: ID }), 's', score)?.value).toBe('0.912345');
    expect(decodeCursor(encodeCursor({ listing: 's', value: 0.91, id: ID }), 's', score)).toBeNull();
    expect(decodeCursor(encodeCursor({ listing: 's', value: '1; drop table', id: ID }), 's', score)).toBeNull();
  });

  it('seeks ascending keys by row comparison and descending ones with the id still ascending', () => {
    expect(seek(position, { listing: 'c', value: 3, id: ID }, 'p.id')).toEqual({
      where: '(p.position, p.id) > (?, ?)',
      params: [3, ID],
      orderBy: 'p.position asc, p.id asc',
    });
    expect(seek(score, { listing: 's', value: '0.5', id: ID }, 'id')).toEqual({
      where: '(score < ?::numeric or (score = ?::numeric and id > ?))',
      params: ['0.5', '0.5', ID],
      orderBy: 'score desc, id asc',
    });
    expect(seek(score, null, 'id').where).toBe('true');
  });
});
