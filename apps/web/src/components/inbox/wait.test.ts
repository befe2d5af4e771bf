import { describe, expect, it } from 'vitest';
import { initI18n } from '../../i18n';
import { waitText } from './wait';

describe('waitText', () => {
  it('names a wait in seconds, minutes, then hours and minutes, in the reader’s language', async () => {
    const i18n = initI18n('en');
    await i18n.changeLanguage('en');
    expect([0, 45, 60, 61 * 60 + 30, 3 * 3600 + 5 * 60].map((s) => waitText(s, i18n.t))).toEqual([
      '0 s',
      '45 s',
      '1 min',
      '1 h 1 min',
      '3 h 5 min',
    ]);
    await i18n.changeLanguage('ms');
    expect(waitText(30, i18n.t)).toBe('30 saat');
    expect(waitText(-5, i18n.t)).toBe('0 saat');
  });
});
