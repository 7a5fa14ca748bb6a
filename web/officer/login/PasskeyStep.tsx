/**
 * The frame both officer passkey pages share (FLOWS §7): it runs on the half-open session the
 * password left, shows the ceremony's progress and errors, and opens the console once the
 * server has verified the passkey. A refused ceremony ends that session on the server, so the
 * only way on is a new sign-in.
 */
import { createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { FormAlert } from '../../components/Form.tsx';
import { api, ApiError } from '../../lib/api.ts';
import { cx } from '../../lib/cx.ts';
import { t as tGlobal } from '../../lib/i18n.ts';
import { PasskeyError } from '../../lib/webauthn.ts';
import { useHalfOpenSession } from './half-open.ts';
import { t } from './messages.ts';
import { safeNext } from './next.ts';
import styles from './login.module.css';

export function PasskeyStep(props: {
  kind: 'officer_enrol' | 'officer_verify';
  heading: string;
  /** What the officer reads before the ceremony. */
  children: JSX.Element;
  footer?: JSX.Element;
  submit: string;
  /** Shown while the browser or device asks for the passkey, then while the server checks it. */
  waiting: string;
  busy: string;
  /** Server codes (besides 401) after which this half-open session is gone. */
  endsOn: string[];
  /** The ceremony: options from the server, the browser's prompt, the answer to the server. */
  ceremony: (afterDevice: () => void) => Promise<void>;
}) {
  const navigate = useNavigate();
  const [params] = useSearchParams<{ next?: string }>();
  const next = () => safeNext(params.next);
  const session = useHalfOpenSession(props.kind, next);
  const [phase, setPhase] = createSignal<'idle' | 'device' | 'busy'>('idle');
  const [error, setError] = createSignal('');
  const [ended, setEnded] = createSignal(false);

  async function run() {
    setError('');
    setPhase('device');
    try {
      await props.ceremony(() => setPhase('busy'));
      navigate(next(), { replace: true });
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || props.endsOn.includes(err.code))) setEnded(true);
      setError(err instanceof PasskeyError || err instanceof ApiError ? err.message : tGlobal('error.unexpected'));
    } finally {
      setPhase('idle');
    }
  }

  async function cancel() {
    await api.auth.logout().catch(() => undefined);
    navigate('/officer/login', { replace: true });
  }

  return (
    <section class={cx('page', styles.page)}>
      <h1>{props.heading}</h1>
      <Switch fallback={<p class="loading" role="status">{t('passkey.checking')}</p>}>
        <Match when={session.me.state === 'errored'}>
          <FormAlert>{session.me.error instanceof ApiError ? session.me.error.message : tGlobal('error.unexpected')}</FormAlert>
        </Match>
        <Match when={session.ready()}>
          {props.children}
          <Show when={error()}>
            <FormAlert>{error()}</FormAlert>
          </Show>
          <Show when={phase() !== 'idle'}>
            <p class="loading" role="status">{phase() === 'device' ? props.waiting : props.busy}</p>
          </Show>
          <div class="actions">
            <Show
              when={!ended()}
              fallback={<A class="button" href={`/officer/login?next=${encodeURIComponent(next())}`}>{t('passkey.again')}</A>}
            >
              <button type="button" class="button" disabled={phase() !== 'idle'} onClick={() => void run()}>{props.submit}</button>
            </Show>
            <button type="button" class="button secondary" disabled={phase() !== 'idle'} onClick={() => void cancel()}>{t('passkey.cancel')}</button>
          </div>
          {props.footer}
        </Match>
      </Switch>
    </section>
  );
}
