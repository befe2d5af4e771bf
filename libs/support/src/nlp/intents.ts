/** What the bot understands. `none` is everything else (small talk, noise, other topics). */
export const INTENTS = [
  'greeting',
  'thanks',
  'browse_catalog',
  'product_question',
  'order_status',
  'cancel_order',
  'refund_status',
  'refund_request',
  'payment_failed',
  'transaction_lookup',
  'dispute',
  'reset_pin',
  'sign_in_trouble',
  'opening_hours',
  'talk_to_person',
  'none',
] as const;
export type PlatformIntent = (typeof INTENTS)[number];
/** A business's FAQ entry is an intent of its own: `faq:<entry id>`. */
export type Intent = PlatformIntent | `faq:${string}`;

export const LANGUAGES = ['en', 'ms', 'id', 'de', 'es', 'fr', 'it', 'pt'] as const;
export type Language = (typeof LANGUAGES)[number];

export const isLanguage = (value: unknown): value is Language => LANGUAGES.includes(value as Language);

/**
 * Training utterances and a held-out set per intent, written for this project. The held-out
 * utterances are never trained on: `npm run support:eval` measures the model on them.
 */
export type LanguageCorpus = Record<PlatformIntent, { train: string[]; test: string[] }>;
