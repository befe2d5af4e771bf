import { useTranslation } from 'react-i18next';

/** A numeric PIN pad: tappable digits on a phone, and typing works too. */
export function PinPad({
  value,
  onChange,
  length = 6,
  label,
}: {
  value: string;
  onChange: (v: string) => void;
  length?: number;
  label: string;
}) {
  const { t } = useTranslation();
  const press = (d: string) => value.length < length && onChange(value + d);
  return (
    <div className="pinpad">
      <label className="pin-label">
        {label}
        <input
          className="pin-input"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={length}
          pattern="[0-9]*"
          value={value}
          onChange={(e) => onChange(e.target.value.replace(/\D/g, '').slice(0, length))}
        />
      </label>
      <div className="pin-dots" aria-hidden="true">
        {Array.from({ length }, (_, i) => (
          <span key={i} className={i < value.length ? 'dot on' : 'dot'} />
        ))}
      </div>
      <div className="pin-keys">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
          <button key={d} type="button" onClick={() => press(d)}>
            {d}
          </button>
        ))}
        <button type="button" onClick={() => onChange('')} aria-label={t('pin.clear')}>
          C
        </button>
        <button type="button" onClick={() => press('0')}>
          0
        </button>
        <button type="button" onClick={() => onChange(value.slice(0, -1))} aria-label={t('pin.delete')}>
          ⌫
        </button>
      </div>
    </div>
  );
}
