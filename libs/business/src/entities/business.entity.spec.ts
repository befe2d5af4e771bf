import { Business } from './business.entity';

const base = { handle: 'kopi.corner', name: 'Kopi Corner', currency: 'myr', country: 'my' };

describe('Business', () => {
  it('normalises what it is given and starts closed-hours-unknown in UTC', () => {
    const b = new Business({ ...base, contactPhone: '+60123456789' });
    expect(b).toMatchObject({
      currency: 'MYR',
      country: 'MY',
      timezone: 'UTC',
      openingHours: null,
      logoUrl: null,
      contactPhone: '+60123456789',
    });
  });

  it('changes all or nothing: one bad value leaves every field as it was', () => {
    const b = new Business(base);
    expect(() => b.change({ name: 'New name', description: 'new', timezone: '+08:00' })).toThrow(/IANA/);
    expect(b).toMatchObject({ name: 'Kopi Corner', description: '', timezone: 'UTC' });
    b.change({ name: ' New name ', timezone: 'Asia/Kuala_Lumpur' });
    expect(b).toMatchObject({ name: 'New name', timezone: 'Asia/Kuala_Lumpur' });
  });

  it('refuses a contact phone that is not E.164 (the service normalises before it gets here)', () => {
    expect(() => new Business({ ...base, contactPhone: '012-345 6789' })).toThrow(/E\.164/);
  });

  it('clears the optional fields with null', () => {
    const b = new Business({
      ...base,
      logoUrl: 'https://cdn.example.com/l.png',
      openingHours: { monday: [{ open: '09:00', close: '17:00' }] },
    });
    expect(b.openingHours?.monday).toEqual([{ open: '09:00', close: '17:00' }]);
    b.change({ logoUrl: null, openingHours: null, contactPhone: null });
    expect(b).toMatchObject({ logoUrl: null, openingHours: null, contactPhone: null });
  });
});
