import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage } from '../i18n';
import { Field } from './ui';

export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  return (
    <Field label={t('common.language')}>
      {(id) => (
        <select id={id} value={i18n.language} onChange={(e) => setLanguage(e.target.value)}>
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code}>
              {l.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
