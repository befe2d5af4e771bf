import type { TFunction } from 'i18next';

/** "45 s", "3 min", "1 h 5 min": how long someone has waited, in the reader's language. */
export function waitText(seconds: number, t: TFunction): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('support.wait.seconds', { count: s });
  const m = Math.floor(s / 60);
  if (m < 60) return t('support.wait.minutes', { count: m });
  return t('support.wait.hours', { h: Math.floor(m / 60), m: m % 60 });
}
