import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Me } from './graphql/operations';
import { currentTokens, onSessionChange } from './lib/session';
import { match, navigate, usePath } from './lib/router';
import { useSocketState } from './lib/hooks';
import { SignIn } from './screens/SignIn';
import { Chats } from './screens/Chats';
import { Spinner } from './components/ui';

// The shopper's first screen ships alone; the rest loads when first opened.
const Money = lazy(() => import('./screens/Money'));
const PayLink = lazy(() => import('./screens/PayLink'));
const Profile = lazy(() => import('./screens/Profile'));
const Merchant = lazy(() => import('./screens/merchant/Merchant'));
const Inbox = lazy(() => import('./screens/Inbox'));

export function App() {
  const [signedIn, setSignedIn] = useState(() => currentTokens() !== null);
  useEffect(() => onSessionChange((t) => setSignedIn(t !== null)), []);
  const path = usePath();
  const payHandle = match('/pay/:handle', path);

  if (!signedIn) return <SignIn payHandle={payHandle?.handle} />;
  return <Shell path={path} />;
}

function Shell({ path }: { path: string }) {
  const { t } = useTranslation();
  const [{ data }] = useQuery({ query: Me });
  const { offline } = useSocketState();
  const businesses = data?.myBusinesses ?? [];
  const section = path.split('/')[1] || 'chats';

  const nav = [
    { key: 'chats', href: '/chats', label: t('nav.chats') },
    { key: 'money', href: '/money', label: t('nav.money') },
    ...(businesses.length
      ? [{ key: 'business', href: `/business/${businesses[0].businessId}/orders`, label: t('nav.business') }]
      : []),
    ...(businesses.length ? [{ key: 'inbox', href: `/inbox/${businesses[0].businessId}`, label: t('nav.inbox') }] : []),
    { key: 'me', href: '/me', label: t('nav.me') },
  ];

  let screen;
  let m;
  if ((m = match('/pay/:handle', path))) screen = <PayLink handle={m.handle} />;
  else if (section === 'money') screen = <Money />;
  else if (section === 'me') screen = <Profile />;
  else if ((m = match('/business/:id/*', path))) screen = <Merchant businessId={m.id} path={path} />;
  else if ((m = match('/inbox/:businessId/*', path)) || (m = match('/inbox/:businessId', path)))
    screen = <Inbox businessId={m.businessId} path={path} />;
  else screen = <Chats path={path} me={data?.me} />;

  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href="/chats" onClick={(e) => (e.preventDefault(), navigate('/chats'))}>
          Kedai
        </a>
        <nav aria-label={t('nav.label')}>
          {nav.map((n) => (
            <a
              key={n.key}
              href={n.href}
              aria-current={section === n.key ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate(n.href);
              }}
            >
              {n.label}
            </a>
          ))}
        </nav>
      </header>
      <div className="banner" role="status" aria-live="polite" hidden={!offline}>
        {offline ? t('socket.reconnecting') : null}
      </div>
      <Suspense fallback={<Spinner label={t('common.loading')} />}>
        <main className="main">{screen}</main>
      </Suspense>
    </div>
  );
}
