import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import type { HandoffFieldsFragment } from '../../gql/graphql';
import { ClaimConversation, HandBackConversation, ResolveConversation } from '../../graphql/support';
import { errorCode, errorText } from '../../lib/hooks';
import { ErrorNote } from '../ui';
import { InternalNotes } from './InternalNotes';
import { intentLabel } from './labels';
import { waitText } from './wait';

/**
 * A conversation the bot handed over: why, in which language, what was said before; claim it (one
 * agent wins; the other is told so), hand it back to the bot, or resolve it; and the internal notes.
 */
export function HandoffPanel({
  handoff,
  meId,
  onChanged,
}: {
  handoff: HandoffFieldsFragment;
  meId: string;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [claiming, claim] = useMutation(ClaimConversation);
  const [handing, handBack] = useMutation(HandBackConversation);
  const [resolving, resolve] = useMutation(ResolveConversation);
  const [lost, setLost] = useState(false);
  const busy = claiming.fetching || handing.fetching || resolving.fetching;
  const error = claiming.error ?? handing.error ?? resolving.error;
  const mine = handoff.status === 'CLAIMED' && handoff.agentId === meId;

  const act = async (run: () => Promise<{ error?: unknown; data?: unknown }>) => {
    const res = await run();
    if (res.data) onChanged();
  };

  return (
    <section className="handoff-panel" aria-labelledby={`handoff-${handoff.id}`}>
      <div className="handoff-head">
        <h2 id={`handoff-${handoff.id}`}>{t(`support.status.${handoff.status}`)}</h2>
        <span className="chips">
          <span className="chip lang">{handoff.language.toUpperCase()}</span>
          <span className={`chip reason-${handoff.reason.toLowerCase()}`}>{t(`support.reason.${handoff.reason}`)}</span>
          {handoff.intent ? <span className="chip">{intentLabel(handoff.intent, t)}</span> : null}
          <span className="chip">{t('support.queue.waited', { time: waitText(handoff.waitingSeconds, t) })}</span>
        </span>
      </div>
      <details className="bot-exchange" open={handoff.status === 'WAITING'}>
        <summary>{t('support.exchange')}</summary>
        <ol>
          {handoff.summary.split('\n').map((line, i) => {
            const [who, ...rest] = line.split(': ');
            const known = who === 'shopper' || who === 'bot' || who === 'business';
            return (
              <li key={i} className={known ? `said-${who}` : undefined}>
                {known ? <strong>{t(`support.who.${who}`)}</strong> : null} {known ? rest.join(': ') : line}
              </li>
            );
          })}
        </ol>
      </details>
      <div className="actions">
        {handoff.status === 'WAITING' ? (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() =>
              void act(async () => {
                const res = await claim({ handoffId: handoff.id });
                setLost(errorCode(res.error) === 'ALREADY_CLAIMED');
                return res;
              })
            }
          >
            {t('support.claim')}
          </button>
        ) : null}
        {handoff.status === 'CLAIMED' && !mine ? <p className="hint">{t('support.claimedByOther')}</p> : null}
        {handoff.status === 'CLAIMED' ? (
          <>
            <button type="button" disabled={busy} onClick={() => void act(() => handBack({ handoffId: handoff.id }))}>
              {t('support.handBack')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => void act(() => resolve({ handoffId: handoff.id }))}
            >
              {t('support.resolve')}
            </button>
          </>
        ) : null}
      </div>
      {lost ? (
        <p className="error" role="alert">
          {t('support.alreadyClaimed')}
        </p>
      ) : error && errorCode(error) !== 'ALREADY_CLAIMED' ? (
        <ErrorNote>{errorCode(error) === 'HANDOFF_CLOSED' ? t('support.closed') : errorText(error)}</ErrorNote>
      ) : null}
      <InternalNotes handoffId={handoff.id} />
    </section>
  );
}
