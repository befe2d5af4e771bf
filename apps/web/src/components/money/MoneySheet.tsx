import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation } from 'urql';
import { IntentQuery, RequestMoney, RequestMoneyFromGroup, SendMoney } from '../../graphql/money';
import type { ConversationFieldsFragment } from '../../gql/graphql';
import { errorText } from '../../lib/hooks';
import { formatMoney, splitEvenly } from '../../lib/money';
import { ErrorNote, Field, Sheet } from '../ui';
import { intentOutcome, PayFlow, refusal, type PayOutcome } from '../pay/PayFlow';
import { MoneyInput } from './MoneyInput';

const CURRENCY = 'MYR';

/**
 * Send or request money in a chat. In a group, a request is split between the chosen members,
 * evenly (the server's rounding: the first parts take the odd minor units) or by amounts, and the
 * split is shown before it is sent; a payment goes to one member.
 */
export default function MoneySheet({
  conversation,
  meId,
  mode,
  onClose,
}: {
  conversation: ConversationFieldsFragment;
  meId: string;
  mode: 'send' | 'request';
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const others = conversation.members.filter((m) => m.personId !== meId).map((m) => m.personId);
  const group = conversation.kind === 'GROUP';
  const [text, setText] = useState('');
  const [amount, setAmount] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [recipient, setRecipient] = useState(others[0] ?? '');
  const [chosen, setChosen] = useState<string[]>(others);
  const [split, setSplit] = useState<'EVEN' | 'AMOUNTS'>('EVEN');
  const [partText, setPartText] = useState<Record<string, string>>({});
  const [step, setStep] = useState<'form' | 'pay' | 'sent'>('form');
  const [, sendMoney] = useMutation(SendMoney);
  const [requesting, requestMoney] = useMutation(RequestMoney);
  const [requestingGroup, requestGroup] = useMutation(RequestMoneyFromGroup);
  const fmt = (minor: string) => formatMoney(minor, CURRENCY, i18n.language);
  const names = new Map(conversation.members.map((m) => [m.personId, m.displayName]));
  const label = (personId: string, i: number) => names.get(personId) ?? t('money.member', { n: i + 1 });

  const parts = useMemo(() => {
    if (!group || mode !== 'request' || !amount || chosen.length === 0) return null;
    return split === 'EVEN' ? splitEvenly(amount, chosen.length) : chosen.map((id) => partText[id] ?? '');
  }, [group, mode, amount, chosen, split, partText]);

  const submitRequest = async () => {
    if (!amount) return;
    const res = group
      ? await requestGroup({
          conversationId: conversation.id,
          currency: CURRENCY,
          total: amount,
          split,
          memberIds: chosen,
          amounts: split === 'AMOUNTS' ? (parts as string[]) : null,
          note: note || null,
        })
      : await requestMoney({ conversationId: conversation.id, amount, currency: CURRENCY, note: note || null });
    if (res.data) setStep('sent');
  };

  const paySend = async (args: {
    fundingSourceId: string | null;
    pin: string | null;
    idempotencyKey: string;
  }): Promise<PayOutcome> => {
    const res = await sendMoney({
      conversationId: conversation.id,
      amount: amount!,
      currency: CURRENCY,
      note: note || null,
      recipientId: group ? recipient : null,
      ...args,
    });
    const transfer = res.data?.sendMoney;
    if (!transfer) return refusal(res.error);
    if (transfer.status === 'COMPLETED') return { kind: 'succeeded' };
    if (transfer.status === 'FAILED') return { kind: 'failed', message: transfer.failureMessage ?? t('money.failed') };
    // Pending: the bank may want a 3-D Secure answer first.
    if (transfer.intentId) {
      const intent = await client.query(IntentQuery, { id: transfer.intentId }, { requestPolicy: 'network-only' }).toPromise();
      if (intent.data) return intentOutcome(intent.data.paymentIntent);
    }
    return { kind: 'processing' };
  };

  const title = mode === 'send' ? t('money.sendTitle') : t('money.requestTitle');
  if (step === 'sent') {
    return (
      <Sheet title={title} onClose={onClose}>
        <p role="status">{t('money.requestSent')}</p>
        <button type="button" className="primary" onClick={onClose}>
          {t('common.done')}
        </button>
      </Sheet>
    );
  }
  if (step === 'pay' && amount) {
    return (
      <Sheet title={title} onClose={onClose}>
        <PayFlow
          summary={<p className="big">{fmt(amount)}</p>}
          payLabel={t('money.sendAmount', { amount: fmt(amount) })}
          pay={paySend}
          onDone={onClose}
        />
      </Sheet>
    );
  }

  const partsValid =
    !parts ||
    (split === 'EVEN'
      ? true
      : parts.every((p) => /^\d+$/.test(p)) && parts.reduce((a, b) => a + BigInt(b || '0'), 0n) === BigInt(amount ?? '0'));
  const error = requesting.error ?? requestingGroup.error;

  return (
    <Sheet title={title} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (mode === 'send') setStep('pay');
          else void submitRequest();
        }}
      >
        <MoneyInput
          label={mode === 'request' && group ? t('money.total') : t('money.amount')}
          currency={CURRENCY}
          value={text}
          onChange={(v, minor) => {
            setText(v);
            setAmount(minor);
          }}
        />
        {group && mode === 'send' ? (
          <Field label={t('money.to')}>
            {(id) => (
              <select id={id} value={recipient} onChange={(e) => setRecipient(e.target.value)}>
                {others.map((p, i) => (
                  <option key={p} value={p}>
                    {label(p, i)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {group && mode === 'request' ? (
          <fieldset className="split">
            <legend>{t('money.split')}</legend>
            <label className="radio">
              <input type="radio" name="split" checked={split === 'EVEN'} onChange={() => setSplit('EVEN')} />
              {t('money.even')}
            </label>
            <label className="radio">
              <input type="radio" name="split" checked={split === 'AMOUNTS'} onChange={() => setSplit('AMOUNTS')} />
              {t('money.byAmounts')}
            </label>
            <ul>
              {others.map((p, i) => {
                const at = chosen.indexOf(p);
                return (
                  <li key={p}>
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={at >= 0}
                        onChange={(e) =>
                          setChosen((c) =>
                            e.target.checked ? others.filter((o) => c.includes(o) || o === p) : c.filter((x) => x !== p),
                          )
                        }
                      />
                      {label(p, i)}
                    </label>
                    {at >= 0 && split === 'EVEN' && parts ? <output className="share">{fmt(parts[at])}</output> : null}
                    {at >= 0 && split === 'AMOUNTS' ? (
                      <MoneyInput
                        label={t('money.share')}
                        currency={CURRENCY}
                        value={partText[`t:${p}`] ?? ''}
                        onChange={(v, minor) => setPartText((x) => ({ ...x, [`t:${p}`]: v, [p]: minor ?? '' }))}
                      />
                    ) : null}
                  </li>
                );
              })}
            </ul>
            {!partsValid ? <ErrorNote>{t('money.partsMustAddUp', { total: amount ? fmt(amount) : '' })}</ErrorNote> : null}
          </fieldset>
        ) : null}
        <Field label={t('money.note')}>
          {(id) => <input id={id} maxLength={140} value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        {error ? <ErrorNote>{errorText(error)}</ErrorNote> : null}
        <button
          type="submit"
          className="primary"
          disabled={!amount || !partsValid || (group && mode === 'request' && chosen.length === 0)}
        >
          {mode === 'send' ? t('money.continue') : t('money.sendRequest')}
        </button>
      </form>
    </Sheet>
  );
}
