import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ChangeMemberRole } from '../../../graphql/business';
import { InviteMember, Members as MembersQuery, RemoveMember, RevokeInvitation } from '../../../graphql/console';
import type { BusinessRole, InvitableRole } from '../../../gql/graphql';
import { errorText } from '../../../lib/hooks';
import { dateTimeOf, Empty, ErrorNote, Field, Spinner } from '../../../components/ui';
import '../catalog/editor.css';

const MEMBERS = { additionalTypenames: ['BusinessMember', 'BusinessInvitation'] };
const ROLES: BusinessRole[] = ['OWNER', 'ADMIN', 'AGENT'];
const INVITABLE: InvitableRole[] = ['ADMIN', 'AGENT'];

/** Who works in the business and with which role; invitations by phone number, open ones revocable. */
export function Members({ businessId, myId, myRole }: { businessId: string; myId: string | undefined; myRole: BusinessRole }) {
  const { t, i18n } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({ query: MembersQuery, variables: { businessId }, context: MEMBERS });
  const [inviting, invite] = useMutation(InviteMember);
  const [changing, changeRole] = useMutation(ChangeMemberRole);
  const [removing, remove] = useMutation(RemoveMember);
  const [, revoke] = useMutation(RevokeInvitation);
  const [phone, setPhone] = useState('');
  const [role, setRole] = useState<InvitableRole>('AGENT');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  if (fetching && !data) return <Spinner label={t('common.loading')} />;
  if (error || !data) return <ErrorNote onRetry={reload}>{errorText(error)}</ErrorNote>;
  // Only an owner may make or unmake an owner (the API says so too).
  const assignable = myRole === 'OWNER' ? ROLES : ROLES.filter((r) => r !== 'OWNER');
  const pending = data.businessInvitations.filter((i) => i.status === 'PENDING');
  const failure = changing.error ?? removing.error;

  return (
    <div className="console-page members-page">
      <section className="card" aria-labelledby="members-title">
        <h2 id="members-title">{t('members.title')}</h2>
        <ul className="member-list">
          {data.businessMembers.map((m) => {
            const name = m.person?.displayName || (m.person?.handle ? `@${m.person.handle}` : t('members.someone'));
            const me = m.personId === myId;
            const fixed = me || (m.role === 'OWNER' && myRole !== 'OWNER');
            return (
              <li key={m.personId} className="member">
                <span className="avatar" aria-hidden="true">
                  {name.replace('@', '').slice(0, 1).toUpperCase()}
                </span>
                <span className="member-main">
                  <span className="member-name">
                    {name} {me ? <span className="muted">({t('members.you')})</span> : null}
                  </span>
                  <span className="muted">{t('members.joined', { date: dateTimeOf(m.joinedAt, i18n.language) })}</span>
                </span>
                {fixed ? (
                  <span className="role-pill">{t(`members.roles.${m.role}`)}</span>
                ) : (
                  <select
                    aria-label={t('members.roleOf', { name })}
                    value={m.role}
                    onChange={async (e) => {
                      await changeRole({ businessId, personId: m.personId, role: e.target.value as BusinessRole });
                      reload();
                    }}
                  >
                    {assignable.map((r) => (
                      <option key={r} value={r}>
                        {t(`members.roles.${r}`)}
                      </option>
                    ))}
                  </select>
                )}
                {fixed ? null : confirming === m.personId ? (
                  <span className="confirm-inline" role="group" aria-label={t('members.remove', { name })}>
                    <span>{t('members.removeConfirm', { name })}</span>
                    <button
                      type="button"
                      className="small primary danger"
                      onClick={async () => {
                        await remove({ businessId, personId: m.personId });
                        setConfirming(null);
                        reload();
                      }}
                    >
                      {t('members.remove', { name })}
                    </button>
                    <button type="button" className="small" onClick={() => setConfirming(null)}>
                      {t('catalog.cancel')}
                    </button>
                  </span>
                ) : (
                  <button type="button" className="small danger" onClick={() => setConfirming(m.personId)}>
                    {t('members.remove', { name })}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
        {failure ? <ErrorNote>{errorText(failure)}</ErrorNote> : null}
        <dl className="role-help">
          {ROLES.map((r) => (
            <div key={r}>
              <dt>{t(`members.roles.${r}`)}</dt>
              <dd className="muted">{t(`members.roleHint.${r}`)}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="card" aria-labelledby="invitations-title">
        <h2 id="invitations-title">{t('members.invitations')}</h2>
        {pending.length === 0 ? <Empty>{t('members.noInvitations')}</Empty> : null}
        <ul className="rows invitation-list">
          {pending.map((i) => (
            <li key={i.id}>
              <span>
                <strong>{i.phone}</strong> · {t(`members.roles.${i.role}`)}{' '}
                <span className="muted">· {t('members.expires', { date: dateTimeOf(i.expiresAt, i18n.language) })}</span>
              </span>
              <button
                type="button"
                className="small danger"
                onClick={async () => {
                  await revoke({ id: i.id });
                  reload();
                }}
              >
                <span aria-hidden="true">×</span>
                <span className="visually-hidden">{t('members.revoke', { phone: i.phone })}</span>
              </button>
            </li>
          ))}
        </ul>
        <form
          className="invite-form"
          aria-labelledby="invite-title"
          onSubmit={async (e) => {
            e.preventDefault();
            setSentTo(null);
            const res = await invite({ businessId, phone: phone.trim(), role });
            if (res.data) {
              setSentTo(res.data.inviteMember.phone);
              setPhone('');
              reload();
            }
          }}
        >
          <h3 id="invite-title">{t('members.invite')}</h3>
          <div className="grid-2">
            <Field label={t('members.phone')} hint={t('members.phoneHint')}>
              {(id) => (
                <input id={id} type="tel" autoComplete="off" required value={phone} onChange={(e) => setPhone(e.target.value)} />
              )}
            </Field>
            <Field label={t('members.role')}>
              {(id) => (
                <select id={id} value={role} onChange={(e) => setRole(e.target.value as InvitableRole)}>
                  {INVITABLE.map((r) => (
                    <option key={r} value={r}>
                      {t(`members.roles.${r}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          {inviting.error ? <ErrorNote>{errorText(inviting.error)}</ErrorNote> : null}
          {sentTo ? (
            <p className="success" role="status">
              {t('members.invited', { phone: sentTo })}
            </p>
          ) : null}
          <button type="submit" className="primary" disabled={inviting.fetching || !phone.trim()}>
            {t('members.sendInvite')}
          </button>
        </form>
      </section>
    </div>
  );
}
