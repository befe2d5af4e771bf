import type { TFunction } from 'i18next';

/** An intent the bot recognised, named for people; a business's FAQ entries are "FAQ". */
export function intentLabel(intent: string, t: TFunction): string {
  if (intent.startsWith('faq:')) return t('support.intent.faq');
  return t(`support.intent.${intent}`, intent.replace(/_/g, ' '));
}
