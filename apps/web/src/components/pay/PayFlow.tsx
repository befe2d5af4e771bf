import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { CompleteChallenge, PaySetup, SetPin, UpdateProfile } from '../../graphql/operations';
import type { IntentFieldsFragment } from '../../gql/graphql';
import { newId } from '../../lib/client';
import { errorCode, errorText } from '../../lib/hooks';
import { ErrorNote, Field, Spinner } from '../ui';
import { FundingPicker } from './FundingPicker';
import { PinPad } from './PinPad';

export type PayOutcome =
  | { kind: 'succeeded' }
  | { kind: 'processing' }
  | { kind: 'intent'; intent: IntentFieldsFragment }
  | { kind: 'failed'; message: string; code?: string | null };

export interface PayArgs {
  fundingSourceId: string | null;
  pin: string | null;
  idempotencyKey: string;
}

/** Reads a payment intent as an outcome: done, waiting for the bank, or refused. */
export function intentOutcome(intent: IntentFieldsFragment): PayOutcome {
  if (intent.state === 'SUCCEEDED' || intent.state === 'REQUIRES_CAPTURE') return { kind: 'succeeded' };
  if (intent.state === 'REQUIRES_ACTION') return { kind: 'intent', intent };
  if (intent.state === 'PROCESSING') return { kind: 'processing' };
  return { kind: 'failed', message: intent.failureMessage ?? intent.failureCode ?? intent.state, code: intent.failureCode };
}

/**
 * The Meta-Pay-like confirmation every payment goes through: pick or add a funding source, set or
 * enter the PIN, pay once per idempotency key, and pass the 3-D Secure challenge when the bank asks.
 */
export function PayFlow({
  summary,
  payLabel,
  pay,
  onDone,
}: {
  summary: ReactNode;
  payLabel: string;
  pay: (args: PayArgs) => Promise<PayOutcome>;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({ query: PaySetup, requestPolicy: 'network-only' });
  const [source, setSource] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const [newPin, setNewPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<PayOutcome | null>(null);
  // One key per attempt: a double tap or a retry after a network error pays once; a decline gets a new one.
  const [key, setKey] = useState(newId);
  const [settingPin, setPinMutation] = useMutation(SetPin);
  const [, challenge] = useMutation(CompleteChallenge);

  const sources = data?.myFundingSources ?? [];
  useEffect(() => {
    if (!source && sources.length) setSource((sources.find((s) => s.isDefault) ?? sources[0]).id);
  }, [sources, source]);

  if (fetching && !data) return <Spinner label={t('common.loading')} />;
  if (error || !data) return <ErrorNote onRetry={() => refetch({ requestPolicy: 'network-only' })}>{errorText(error)}</ErrorNote>;

  if (!data.paymentEligibility.eligible) {
    return <Eligibility reason={data.paymentEligibility.reason} onFixed={() => refetch({ requestPolicy: 'network-only' })} />;
  }

  if (outcome?.kind === 'succeeded') {
    return (
      <div className="pay-done" role="status">
        <p className="big">✓ {t('pay.paid')}</p>
        <p>{t('pay.receiptInChat')}</p>
        <button type="button" className="primary" onClick={onDone}>
          {t('common.done')}
        </button>
      </div>
    );
  }
  if (outcome?.kind === 'processing') {
    return (
      <div className="pay-done" role="status">
        <p>{t('pay.processing')}</p>
        <button type="button" className="primary" onClick={onDone}>
          {t('common.done')}
        </button>
      </div>
    );
  }
  if (outcome?.kind === 'intent' && outcome.intent.nextAction) {
    const intent = outcome.intent;
    const answer = async (passed: boolean) => {
      setBusy(true);
      const res = await challenge({ id: intent.id, passed });
      setBusy(false);
      if (res.data) setOutcome(intentOutcome(res.data.completeThreeDSChallenge));
      else setOutcome({ kind: 'failed', message: errorText(res.error) ?? 'error' });
      setKey(newId());
    };
    return (
      <section className="three-ds" aria-labelledby="three-ds-title">
        <h3 id="three-ds-title">{t('pay.threeDsTitle')}</h3>
        <p>{t('pay.threeDsBody')}</p>
        <code className="muted">{intent.nextAction!.challengeId}</code>
        <div className="actions">
          <button type="button" className="primary" disabled={busy} onClick={() => void answer(true)}>
            {t('pay.threeDsApprove')}
          </button>
          <button type="button" disabled={busy} onClick={() => void answer(false)}>
            {t('pay.threeDsReject')}
          </button>
        </div>
      </section>
    );
  }

  const pinSet = data.paymentPinStatus.set;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setOutcome(null);
    const result = await pay({ fundingSourceId: source, pin: pinSet ? pin : null, idempotencyKey: key });
    setBusy(false);
    setOutcome(result);
    if (result.kind === 'failed') {
      setPin('');
      // A refusal that was decided (a decline) needs a new attempt; a fixable one may reuse the key.
      setKey(newId());
    }
  };

  return (
    <form className="pay" onSubmit={submit}>
      {summary}
      <FundingPicker
        sources={sources}
        value={source}
        onChange={setSource}
        onAdded={(s) => {
          setSource(s.id);
          refetch({ requestPolicy: 'network-only' });
        }}
      />
      {pinSet ? (
        <PinPad label={t('pin.enter')} value={pin} onChange={setPin} />
      ) : (
        <details className="set-pin">
          <summary>{t('pin.create')}</summary>
          <PinPad label={t('pin.new')} value={newPin} onChange={setNewPin} />
          <button
            type="button"
            disabled={newPin.length < 4 || settingPin.fetching}
            onClick={async () => {
              const res = await setPinMutation({ pin: newPin });
              if (res.data) {
                setPin(newPin);
                setNewPin('');
                refetch({ requestPolicy: 'network-only' });
              }
            }}
          >
            {t('pin.save')}
          </button>
          {settingPin.error ? <ErrorNote>{errorText(settingPin.error)}</ErrorNote> : null}
        </details>
      )}
      {data.paymentPinStatus.lockedUntil ? (
        <ErrorNote>{t('pin.locked', { until: new Date(data.paymentPinStatus.lockedUntil).toLocaleTimeString() })}</ErrorNote>
      ) : null}
      {outcome?.kind === 'failed' ? <ErrorNote>{outcome.message}</ErrorNote> : null}
      <button type="submit" className="primary" disabled={busy || !source || (pinSet && pin.length < 4)}>
        {busy ? t('pay.paying') : payLabel}
      </button>
    </form>
  );
}

function Eligibility({ reason, onFixed }: { reason?: string | null; onFixed: () => void }) {
  const { t } = useTranslation();
  const [dob, setDob] = useState('');
  const [country, setCountry] = useState('MY');
  const [result, update] = useMutation(UpdateProfile);
  return (
    <form
      className="eligibility"
      onSubmit={async (e) => {
        e.preventDefault();
        const res = await update({ input: { dateOfBirth: dob, country } });
        if (res.data) onFixed();
      }}
    >
      <p>{t('pay.notEligible', { reason: reason ?? '' })}</p>
      <Field label={t('profile.dateOfBirth')}>
        {(id) => <input id={id} type="date" required value={dob} onChange={(e) => setDob(e.target.value)} />}
      </Field>
      <Field label={t('profile.country')}>
        {(id) => (
          <input id={id} required maxLength={2} value={country} onChange={(e) => setCountry(e.target.value.toUpperCase())} />
        )}
      </Field>
      {result.error ? <ErrorNote>{errorText(result.error)}</ErrorNote> : null}
      <button type="submit" className="primary">
        {t('common.save')}
      </button>
    </form>
  );
}

/** A GraphQL refusal as an outcome the pay flow shows. */
export function refusal(error: Parameters<typeof errorText>[0]): PayOutcome {
  return { kind: 'failed', message: errorText(error) ?? 'error', code: errorCode(error) };
}
