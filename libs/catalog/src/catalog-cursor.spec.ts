import { decodeCursor, encodeCursor } from './catalog-cursor';

describe('catalog cursor', () => {
  const c = { position: 41, id: '01935d6a-0000-7000-8000-000000000001' };
  it('round-trips', () => expect(decodeCursor(encodeCursor(c))).toEqual(c));
  it.each(['', 'not base64 json', Buffer.from('[1]').toString('base64url'), Buffer.from('[1.5,"x"]').toString('base64url')])(
    'refuses %p',
    (raw) => expect(decodeCursor(raw)).toBeNull(),
  );
});
