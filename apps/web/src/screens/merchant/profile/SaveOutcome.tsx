import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/hooks';
import { ErrorNote } from '../../../components/ui';

/** What became of the last save: the API's refusal, or "Saved" announced politely. */
export function SaveOutcome({ error, saved }: { error: Parameters<typeof errorText>[0]; saved: boolean }) {
  const { t } = useTranslation();
  if (error) return <ErrorNote>{errorText(error)}</ErrorNote>;
  return saved ? (
    <p className="success" role="status">
      {t('common.saved')}
    </p>
  ) : null;
}
