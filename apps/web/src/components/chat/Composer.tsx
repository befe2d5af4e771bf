import { useRef, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { SetTyping } from '../../graphql/operations';
import { useStored } from '../../lib/hooks';

/** The message box. Its draft lives in localStorage per conversation, so a reload keeps it. */
export function Composer({ conversationId, onSend }: { conversationId: string; onSend: (body: string) => unknown }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useStored(`kedai.draft.${conversationId}`);
  const [, setTyping] = useMutation(SetTyping);
  const typingUntil = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout>>(undefined);

  const typed = (value: string) => {
    setDraft(value);
    const now = Date.now();
    // Tell the others at most every 3 s while typing, and once when it stops.
    if (value && now > typingUntil.current) {
      typingUntil.current = now + 3000;
      void setTyping({ conversationId, typing: true });
    }
    clearTimeout(idle.current);
    idle.current = setTimeout(() => {
      typingUntil.current = 0;
      void setTyping({ conversationId, typing: false });
    }, 4000);
  };

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const body = draft.trim();
    if (!body) return;
    setDraft('');
    clearTimeout(idle.current);
    typingUntil.current = 0;
    onSend(body);
  };

  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor={`composer-${conversationId}`} className="visually-hidden">
        {t('chat.message')}
      </label>
      <textarea
        id={`composer-${conversationId}`}
        rows={1}
        maxLength={4096}
        placeholder={t('chat.placeholder')}
        value={draft}
        onChange={(e) => typed(e.target.value)}
        onKeyDown={onKey}
      />
      <button type="submit" className="primary" disabled={!draft.trim()}>
        {t('chat.send')}
      </button>
    </form>
  );
}
