import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { RequestCode, VerifyCode } from '../graphql/operations';
import { saveTokens } from '../lib/session';
import { errorText } from '../lib/hooks';
import { ErrorNote, Field } from '../components/ui';
import { LanguagePicker } from '../components/LanguagePicker';

interface AppConfig {
  env: string;
  devCodes: string | null;
}

/** Phone sign-in: a code is sent to the phone; in development the page says where it was written. */
export function SignIn({ payHandle }: { payHandle?: string }) {
  const { t } = useTranslation();
  const [phone, setPhone] = useState(() => sessionStorage.getItem('kedai.phone') ?? '');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const [config, setConfig] = useState<AppConfig | null>(null);
  const [request, requestCode] = useMutation(RequestCode);
  const [verify, verifyCode] = useMutation(VerifyCode);

  useEffect(() => {
    fetch('/app-config.json')
      .then((r) => (r.ok ? (r.json() as Promise<AppConfig>) : null))
      .then(setConfig)
      .catch(() => setConfig(null));
  }, []);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    sessionStorage.setItem('kedai.phone', phone);
    const res = await requestCode({ phone: phone.trim() });
    if (res.data) setSent(res.data.requestSignInCode.phone);
  };
  const check = async (e: FormEvent) => {
    e.preventDefault();
    const res = await verifyCode({ phone: sent!, code: code.trim() });
    if (res.data) saveTokens(res.data.verifySignInCode);
  };

  return (
    <main className="signin">
      <div className="signin-card">
        <h1>Kedai</h1>
        <p className="lead">{payHandle ? t('signin.toPay', { handle: payHandle }) : t('signin.lead')}</p>
        {!sent ? (
          <form onSubmit={send}>
            <Field label={t('signin.phone')} hint={t('signin.phoneHint')}>
              {(id) => (
                <input
                  id={id}
                  type="tel"
                  inputMode="tel"
                  autoComplete="tel"
                  required
                  placeholder="+60 12-345 6789"
                  value={phone}
                  onChange={(e) => setPhone(e.target.value)}
                />
              )}
            </Field>
            {request.error ? <ErrorNote>{errorText(request.error)}</ErrorNote> : null}
            <button className="primary" type="submit" disabled={request.fetching}>
              {t('signin.sendCode')}
            </button>
          </form>
        ) : (
          <form onSubmit={check}>
            <p>{t('signin.codeSent', { phone: sent })}</p>
            {config?.devCodes ? (
              <p className="dev-note" role="note">
                {t('signin.devCodes', { file: config.devCodes })} <code>tail -n1 {config.devCodes}</code>
              </p>
            ) : null}
            <Field label={t('signin.code')}>
              {(id) => (
                <input
                  id={id}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  pattern="[0-9]{4,8}"
                  required
                  autoFocus
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                />
              )}
            </Field>
            {verify.error ? <ErrorNote>{errorText(verify.error)}</ErrorNote> : null}
            <button className="primary" type="submit" disabled={verify.fetching}>
              {t('signin.verify')}
            </button>
            <button type="button" className="link" onClick={() => setSent(null)}>
              {t('signin.changePhone')}
            </button>
          </form>
        )}
        <LanguagePicker />
      </div>
    </main>
  );
}
