import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation } from 'urql';
import { BusinessByHandle, CreateGroup, StartBusinessConversation, StartDirectConversation } from '../../graphql/operations';
import { errorText } from '../../lib/hooks';
import { ErrorNote, Field, Sheet } from '../ui';

/** Start a chat: with a business by its handle, with a person by phone, or a group of people. */
export function NewChat({
  meId,
  onClose,
  onOpened,
}: {
  meId?: string;
  onClose: () => void;
  onOpened: (conversationId: string) => void;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const [tab, setTab] = useState<'business' | 'person' | 'group'>('business');
  const [handle, setHandle] = useState('kedai.demo');
  const [phone, setPhone] = useState('');
  const [title, setTitle] = useState('');
  const [phones, setPhones] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [, startBusiness] = useMutation(StartBusinessConversation);
  const [, startDirect] = useMutation(StartDirectConversation);
  const [, createGroup] = useMutation(CreateGroup);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    if (tab === 'business') {
      const found = await client.query(BusinessByHandle, { handle: handle.trim() }).toPromise();
      const business = found.data?.business;
      if (!business) return setProblem(t('newChat.noBusiness'));
      const res = await startBusiness({ businessId: business.id });
      return res.data ? onOpened(res.data.startBusinessConversation.id) : setProblem(errorText(res.error));
    }
    if (tab === 'person') {
      const res = await startDirect({ phone: phone.trim() });
      return res.data ? onOpened(res.data.startDirectConversation.id) : setProblem(errorText(res.error));
    }
    // A group is made of people one has chatted with: each phone opens (or finds) the 1:1 first.
    const ids: string[] = [];
    for (const p of phones
      .split(/[\n,;]+/)
      .map((x) => x.trim())
      .filter(Boolean)) {
      const res = await startDirect({ phone: p });
      const other = res.data?.startDirectConversation.members.map((m) => m.personId).filter((id) => id !== meId);
      if (!other) return setProblem(`${p}: ${errorText(res.error)}`);
      ids.push(...other);
    }
    const res = await createGroup({ title: title.trim(), memberIds: [...new Set(ids)] });
    return res.data ? onOpened(res.data.createGroup.id) : setProblem(errorText(res.error));
  };

  return (
    <Sheet title={t('newChat.title')} onClose={onClose}>
      <div className="tabs" role="tablist">
        {(['business', 'person', 'group'] as const).map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} onClick={() => setTab(k)}>
            {t(`newChat.${k}`)}
          </button>
        ))}
      </div>
      <form onSubmit={submit}>
        {tab === 'business' ? (
          <Field label={t('newChat.handle')}>
            {(id) => <input id={id} required value={handle} onChange={(e) => setHandle(e.target.value)} />}
          </Field>
        ) : tab === 'person' ? (
          <Field label={t('newChat.phone')}>
            {(id) => <input id={id} type="tel" required value={phone} onChange={(e) => setPhone(e.target.value)} />}
          </Field>
        ) : (
          <>
            <Field label={t('newChat.groupTitle')}>
              {(id) => <input id={id} required value={title} onChange={(e) => setTitle(e.target.value)} />}
            </Field>
            <Field label={t('newChat.phones')} hint={t('newChat.phonesHint')}>
              {(id) => <textarea id={id} required rows={3} value={phones} onChange={(e) => setPhones(e.target.value)} />}
            </Field>
          </>
        )}
        {problem ? <ErrorNote>{problem}</ErrorNote> : null}
        <button type="submit" className="primary">
          {t('newChat.start')}
        </button>
      </form>
    </Sheet>
  );
}
