import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { AddSupportNote, SupportNotes } from '../../graphql/support';
import { errorText } from '../../lib/hooks';
import { dateTimeOf, ErrorNote } from '../ui';

/**
 * Internal notes on a handoff: for the business's people only. They live apart from the chat (the
 * API keeps them off the conversation), and look it: a different colour and a lock label.
 */
export function InternalNotes({ handoffId }: { handoffId: string }) {
  const { t, i18n } = useTranslation();
  const [{ data }, refetch] = useQuery({ query: SupportNotes, variables: { handoffId }, requestPolicy: 'cache-and-network' });
  const [adding, add] = useMutation(AddSupportNote);
  const [body, setBody] = useState('');
  const notes = data?.supportNotes ?? [];
  return (
    <section className="internal-notes" aria-labelledby={`notes-${handoffId}`}>
      <h3 id={`notes-${handoffId}`}>
        {t('support.notes.title')} <span className="internal-badge">{t('support.notes.badge')}</span>
      </h3>
      <p className="hint">{t('support.notes.hint')}</p>
      {notes.length ? (
        <ol>
          {notes.map((n) => (
            <li key={n.id} className="internal-note" data-note-id={n.id}>
              <p>{n.body}</p>
              <time dateTime={n.createdAt}>{dateTimeOf(n.createdAt, i18n.language)}</time>
            </li>
          ))}
        </ol>
      ) : null}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!body.trim()) return;
          const res = await add({ handoffId, body });
          if (res.data) {
            setBody('');
            refetch({ requestPolicy: 'network-only' });
          }
        }}
      >
        <label htmlFor={`note-${handoffId}`}>{t('support.notes.add')}</label>
        <textarea id={`note-${handoffId}`} rows={2} maxLength={4096} value={body} onChange={(e) => setBody(e.target.value)} />
        <button type="submit" disabled={adding.fetching || !body.trim()}>
          {t('support.notes.save')}
        </button>
      </form>
      {adding.error ? <ErrorNote>{errorText(adding.error)}</ErrorNote> : null}
    </section>
  );
}
