import { minorDigits } from '@kedai/core';
import type { Language } from './intents';

export interface AmountEntity {
  /** Minor units, as a string (money is never a float). */
  amountMinor: string;
  currency: string;
  text: string;
}
export interface DateEntity {
  /** The calendar day meant, YYYY-MM-DD, in the asker's time zone. */
  date: string;
  text: string;
}
export interface PersonEntity {
  personId: string;
  name: string;
}
export interface Entities {
  orderRefs: string[];
  amounts: AmountEntity[];
  dates: DateEntity[];
  people: PersonEntity[];
}

export interface EntityContext {
  language: Language;
  now: Date;
  timeZone: string;
  /** Used when an amount names no currency ("25 ribu" names IDR; "25" alone is not an amount). */
  defaultCurrency: string;
  /** The people in the asker's conversation list, to recognise names. */
  people: PersonEntity[];
}

const ORDER_REF = /\bKD-?([23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8})\b/gi;

/** Currency words and symbols, before or after the number. */
const CURRENCY_WORDS: [RegExp, string][] = [
  [/^(rm|myr|ringgit)$/i, 'MYR'],
  [/^(s\$|sgd)$/i, 'SGD'],
  [/^(€|eur|euros?|euro)$/i, 'EUR'],
  [/^(rp|idr|rupiah)$/i, 'IDR'],
  [/^(r\$|brl|reais|real)$/i, 'BRL'],
  [/^(\$|usd|dollars?|dólares?|dollari)$/i, 'USD'],
  [/^(£|gbp|pounds?)$/i, 'GBP'],
  [/^(thb|baht|฿)$/i, 'THB'],
  [/^(php|pesos?|₱)$/i, 'PHP'],
];
const currencyOf = (word: string | undefined) => (word ? CURRENCY_WORDS.find(([re]) => re.test(word))?.[1] : undefined);
const CURRENCY_TOKEN = String.raw`(s\$|r\$|€|\$|£|฿|₱|rm|myr|ringgit|sgd|eur|euros?|idr|rp|rupiah|brl|reais|real|usd|dollars?|dólares?|dollari|gbp|pounds?|thb|baht|php|pesos?)`;
const NUMBER = String.raw`(\d{1,3}(?:[.,\s]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)`;
const THOUSANDS = String.raw`(ribu|rb|k|mil)`;
const AMOUNT_BEFORE = new RegExp(String.raw`(?<![\p{L}\d])${CURRENCY_TOKEN}\s?${NUMBER}(?:\s?${THOUSANDS})?(?![\p{L}\d])`, 'giu');
const AMOUNT_AFTER = new RegExp(
  String.raw`(?<![\p{L}\d.,])${NUMBER}(?:\s?${THOUSANDS})?\s?${CURRENCY_TOKEN}(?![\p{L}\d])`,
  'giu',
);
const AMOUNT_THOUSANDS_ONLY = new RegExp(String.raw`(?<![\p{L}\d.,])${NUMBER}\s?(ribu|rb)(?![\p{L}\d])`, 'giu');

/** "1.250,50", "1,250.50", "12,50", "25.000": the last separator followed by 1–2 digits is the decimal point. */
function parseNumber(raw: string): number | null {
  const s = raw.replace(/\s/g, '');
  const decimal = /[.,](\d{1,2})$/.exec(s);
  const whole = (decimal ? s.slice(0, decimal.index) : s).replace(/[.,]/g, '');
  if (!/^\d+$/.test(whole)) return null;
  return Number(whole) + (decimal ? Number(decimal[1]) / 10 ** decimal[1].length : 0);
}

function toMinor(value: number, currency: string): string | null {
  const minor = Math.round(value * 10 ** minorDigits(currency));
  return Number.isSafeInteger(minor) && minor > 0 ? String(minor) : null;
}

export function extractAmounts(text: string, defaultCurrency: string): AmountEntity[] {
  const found: (AmountEntity & { at: number })[] = [];
  const push = (
    at: number,
    matched: string,
    numberText: string,
    multiplier: string | undefined,
    currency: string | undefined,
  ) => {
    if (!currency || found.some((f) => Math.abs(f.at - at) < matched.length)) return;
    const n = parseNumber(numberText);
    if (n === null) return;
    const value = multiplier ? n * 1000 : n;
    const amountMinor = toMinor(value, currency);
    if (amountMinor) found.push({ amountMinor, currency, text: matched.trim(), at });
  };
  for (const m of text.matchAll(AMOUNT_BEFORE)) push(m.index, m[0], m[2], m[3], currencyOf(m[1]));
  for (const m of text.matchAll(AMOUNT_AFTER)) push(m.index, m[0], m[1], m[2], currencyOf(m[3]));
  // "50 ribu": thousands in Malay and Indonesian, of the asker's currency when it is one of theirs.
  const ribuCurrency = defaultCurrency === 'MYR' ? 'MYR' : 'IDR';
  for (const m of text.matchAll(AMOUNT_THOUSANDS_ONLY)) push(m.index, m[0], m[1], m[2], ribuCurrency);
  return found.sort((a, b) => a.at - b.at).map(({ at: _at, ...a }) => a);
}

/** Words for days and months per language (lower case, accents as written). */
const WEEKDAYS: Record<Language, string[][]> = {
  en: [
    ['sunday', 'sun'],
    ['monday', 'mon'],
    ['tuesday', 'tue'],
    ['wednesday', 'wed'],
    ['thursday', 'thu'],
    ['friday', 'fri'],
    ['saturday', 'sat'],
  ],
  ms: [['ahad'], ['isnin'], ['selasa'], ['rabu'], ['khamis'], ['jumaat'], ['sabtu']],
  id: [['minggu'], ['senin'], ['selasa'], ['rabu'], ['kamis'], ['jumat'], ['sabtu']],
  de: [['sonntag'], ['montag'], ['dienstag'], ['mittwoch'], ['donnerstag'], ['freitag'], ['samstag']],
  es: [['domingo'], ['lunes'], ['martes'], ['miércoles', 'miercoles'], ['jueves'], ['viernes'], ['sábado', 'sabado']],
  fr: [['dimanche'], ['lundi'], ['mardi'], ['mercredi'], ['jeudi'], ['vendredi'], ['samedi']],
  it: [
    ['domenica'],
    ['lunedì', 'lunedi'],
    ['martedì', 'martedi'],
    ['mercoledì', 'mercoledi'],
    ['giovedì', 'giovedi'],
    ['venerdì', 'venerdi'],
    ['sabato'],
  ],
  pt: [
    ['domingo'],
    ['segunda', 'segunda-feira'],
    ['terça', 'terca', 'terça-feira'],
    ['quarta', 'quarta-feira'],
    ['quinta', 'quinta-feira'],
    ['sexta', 'sexta-feira'],
    ['sábado', 'sabado'],
  ],
};
const MONTHS: string[][] = [
  ['jan', 'januari', 'january', 'januar', 'janvier', 'enero', 'gennaio', 'janeiro', 'ene', 'gen', 'jän', 'jänner'],
  [
    'feb',
    'februari',
    'february',
    'februar',
    'février',
    'fevrier',
    'febrero',
    'febbraio',
    'fevereiro',
    'fev',
    'fév',
    'febr',
    'pebruari',
  ],
  ['mar', 'mac', 'maret', 'march', 'märz', 'mars', 'marzo', 'março', 'marco', 'mär'],
  ['apr', 'april', 'avril', 'abril', 'aprile', 'abr', 'avr'],
  ['mei', 'may', 'mai', 'mayo', 'maggio', 'maio', 'mag'],
  ['jun', 'jun', 'juni', 'june', 'juin', 'junio', 'giugno', 'junho', 'giu'],
  ['jul', 'julai', 'juli', 'july', 'juillet', 'julio', 'luglio', 'julho', 'juil', 'lug'],
  ['ogos', 'agustus', 'aug', 'august', 'august', 'août', 'aout', 'agosto', 'ago', 'agt', 'ogo'],
  ['sep', 'sept', 'september', 'septembre', 'septiembre', 'settembre', 'setembro', 'set'],
  ['okt', 'oktober', 'october', 'oct', 'octobre', 'octubre', 'ottobre', 'outubro', 'out', 'ott'],
  ['nov', 'november', 'novembre', 'noviembre', 'novembro'],
  [
    'dis',
    'des',
    'disember',
    'desember',
    'dec',
    'december',
    'dezember',
    'dez',
    'décembre',
    'decembre',
    'déc',
    'diciembre',
    'dic',
    'dicembre',
    'dezembro',
  ],
];
const TODAY: Record<Language, string[]> = {
  en: ['today'],
  ms: ['hari ini', 'harini'],
  id: ['hari ini'],
  de: ['heute'],
  es: ['hoy'],
  fr: ["aujourd'hui", 'aujourd’hui'],
  it: ['oggi'],
  pt: ['hoje'],
};
const YESTERDAY: Record<Language, string[]> = {
  en: ['yesterday'],
  ms: ['semalam'],
  id: ['kemarin', 'kemaren'],
  de: ['gestern'],
  es: ['ayer'],
  fr: ['hier'],
  it: ['ieri'],
  pt: ['ontem'],
};
const BEFORE_YESTERDAY: Record<Language, string[]> = {
  en: ['day before yesterday'],
  ms: ['kelmarin'],
  id: ['kemarin lusa'],
  de: ['vorgestern'],
  es: ['anteayer', 'antes de ayer'],
  fr: ['avant-hier'],
  it: ["l'altro ieri", 'altroieri'],
  pt: ['anteontem'],
};
/** "last"/"previous" next to a weekday. */
const LAST = /\b(last|lepas|lalu|letzten?|vergangenen?|pasado|dernier|scorso|passad[ao])\b/i;

const ymd = (d: Date) => d.toISOString().slice(0, 10);

/** Today's calendar date in a time zone, as a UTC midnight Date (day arithmetic without DST traps). */
function todayIn(now: Date, timeZone: string): Date {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone }).format(now).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}
const minusDays = (d: Date, n: number) => new Date(d.getTime() - n * 86_400_000);

export function extractDates(text: string, language: Language, now: Date, timeZone: string): DateEntity[] {
  const lower = text.toLowerCase();
  const today = todayIn(now, timeZone);
  const out: DateEntity[] = [];
  const add = (date: Date, matched: string) => {
    if (!out.some((o) => o.date === ymd(date))) out.push({ date: ymd(date), text: matched });
  };
  const phrase = (list: string[]) => list.find((w) => new RegExp(`(^|[^\\p{L}])${w}([^\\p{L}]|$)`, 'iu').test(lower));
  const before = phrase(BEFORE_YESTERDAY[language]);
  if (before) add(minusDays(today, 2), before);
  else {
    const y = phrase(YESTERDAY[language]);
    if (y) add(minusDays(today, 1), y);
  }
  const t = phrase(TODAY[language]);
  if (t) add(today, t);
  // A weekday means the most recent one before today ("last Friday", "on Monday").
  WEEKDAYS[language].forEach((names, dow) => {
    const name = phrase(names);
    if (!name) return;
    let back = (today.getUTCDay() - dow + 7) % 7;
    if (back === 0) back = 7;
    if (LAST.test(lower) && back < 1) back += 7;
    add(minusDays(today, back), name);
  });
  // "3 Dec", "3. Dezember", "3 de diciembre", "Dec 3", "03/12", "2026-12-03".
  const monthIndex = (word: string) => MONTHS.findIndex((names) => names.includes(word.toLowerCase().replace(/\.$/, '')));
  const yearFor = (month: number, day: number) => {
    const candidate = new Date(Date.UTC(today.getUTCFullYear(), month, day));
    return candidate > today ? today.getUTCFullYear() - 1 : today.getUTCFullYear();
  };
  const valid = (y: number, m: number, d: number) => {
    const date = new Date(Date.UTC(y, m, d));
    return date.getUTCMonth() === m && date.getUTCDate() === d ? date : null;
  };
  for (const m of lower.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g)) {
    const date = valid(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (date) add(date, m[0]);
  }
  for (const m of lower.matchAll(/(?<![\d.,])(\d{1,2})\.?\s+(?:de\s+)?(\p{L}{3,10})\.?/gu)) {
    const month = monthIndex(m[2]);
    if (month < 0) continue;
    const day = Number(m[1]);
    const date = valid(yearFor(month, day), month, day);
    if (date) add(date, m[0].trim());
  }
  if (language === 'en')
    for (const m of lower.matchAll(/\b(\p{L}{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b/gu)) {
      const month = monthIndex(m[1]);
      if (month < 0) continue;
      const day = Number(m[2]);
      const date = valid(yearFor(month, day), month, day);
      if (date) add(date, m[0].trim());
    }
  for (const m of lower.matchAll(/(?<![\d/.])(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?(?![\d/])/g)) {
    // Day first, as in every language here but American English.
    const day = Number(m[1]);
    const month = Number(m[2]) - 1;
    const year = m[3] ? (m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3])) : yearFor(month, day);
    const date = valid(year, month, day);
    if (date) add(date, m[0]);
  }
  return out;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** People from the asker's own conversation list, named by their first name or full name. */
export function extractPeople(text: string, people: PersonEntity[]): PersonEntity[] {
  const words = new Set(fold(text).match(/\p{L}+/gu) ?? []);
  const folded = fold(text);
  return people.filter((p) => {
    const name = fold(p.name).trim();
    if (name.length < 2) return false;
    if (name.includes(' ') && folded.includes(name)) return true;
    const first = name.split(/\s+/)[0];
    return first.length >= 3 && words.has(first);
  });
}

export function extractEntities(text: string, ctx: EntityContext): Entities {
  const orderRefs = [...new Set([...text.matchAll(ORDER_REF)].map((m) => `KD-${m[1].toUpperCase()}`))];
  return {
    orderRefs,
    amounts: extractAmounts(text, ctx.defaultCurrency),
    dates: extractDates(text, ctx.language, ctx.now, ctx.timeZone),
    people: extractPeople(text, ctx.people),
  };
}
