import { useTranslation } from 'react-i18next';
import { fractionDigits, parseMoneyInput } from '../../lib/money';
import { Field } from '../ui';

/** An amount field in a currency: free typing, read exactly into minor units (see parseMoneyInput). */
export function MoneyInput({
  label,
  currency,
  value,
  onChange,
}: {
  label: string;
  currency: string;
  value: string;
  onChange: (text: string, minor: string | null) => void;
}) {
  const { t } = useTranslation();
  const minor = value ? parseMoneyInput(value, currency) : null;
  const invalid = value !== '' && minor === null;
  return (
    <Field
      label={`${label} (${currency})`}
      hint={invalid ? t('money.badAmount', { digits: fractionDigits(currency) }) : undefined}
    >
      {(id) => (
        <input
          id={id}
          inputMode="decimal"
          autoComplete="off"
          aria-invalid={invalid || undefined}
          value={value}
          onChange={(e) => onChange(e.target.value, parseMoneyInput(e.target.value, currency))}
        />
      )}
    </Field>
  );
}
