import { assertLogoUrl, assertTimezone } from './business-rules';

describe('business time zone', () => {
  it.each([
    ['Asia/Kuala_Lumpur', 'Asia/Kuala_Lumpur'],
    ['asia/kuala_lumpur', 'Asia/Kuala_Lumpur'],
    ['UTC', 'UTC'],
    ['Etc/UTC', 'UTC'],
  ])('accepts %s as %s', (given, stored) => {
    expect(assertTimezone(given)).toBe(stored);
  });

  it('accepts a three-part zone, in ICU’s canonical spelling', () => {
    expect(assertTimezone('America/Argentina/Buenos_Aires')).toMatch(/^America\/(Argentina\/)?Buenos_Aires$/);
  });

  it.each(['Mars/Olympus_Mons', '+08:00', '-05:00', 'UTC+8', '', ' ', 'Asia/'])('refuses %j', (given) => {
    expect(() => assertTimezone(given)).toThrow(/not an IANA time zone/);
  });
});

describe('business logo URL', () => {
  it('keeps an https URL as given', () => {
    expect(assertLogoUrl(' https://cdn.example.com/logo.png ')).toBe('https://cdn.example.com/logo.png');
  });

  it.each([
    ['plain http', 'http://cdn.example.com/logo.png'],
    ['a data URL', 'data:image/png;base64,AAAA'],
    ['javascript', 'javascript:alert(1)'],
    ['not a URL', 'logo.png'],
    ['too long', `https://cdn.example.com/${'a'.repeat(2048)}`],
  ])('refuses %s', (_why, url) => {
    expect(() => assertLogoUrl(url)).toThrow(RangeError);
  });
});
