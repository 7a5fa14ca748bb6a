/**
 * The portal after a full login: who is logged in, the unit, the token's validity in
 * พ.ศ., and the menu (ข้อมูลส่วนตัว, แก้ไขข้อมูลรหัสผ่าน, ยกเลิกการใช้งาน Soft Token, logout).
 * Its pages share the profile loaded here. A login made for another system (OpenID Connect,
 * issue #14) ends here too, and goes back to that system instead of opening the portal.
 */
import { createContext, createResource, createSignal, Match, Show, Switch, useContext, type Resource } from 'solid-js';
import { A, useNavigate, type RouteSectionProps } from '@solidjs/router';
import { api, ApiError, type PortalProfile } from '../../lib/api.ts';
import { lang } from '../../lib/i18n.ts';
import { errorText } from '../../lib/error-text.ts';
import { cx } from '../../lib/cx.ts';
import { formatDateTime } from '../../lib/thai-date.ts';
import { continueToClient, pendingClientName } from '../../lib/oidc.ts';
import { Badge } from '../../components/Badge.tsx';
import { h } from './messages.ts';
import styles from './home.module.css';

const ProfileContext = createContext<Resource<PortalProfile | undefined>>();
const RefreshContext = createContext<() => Promise<void>>();

/** The profile the shell loaded (undefined while it loads). */
export function useProfile() {
  return useContext(ProfileContext)!;
}

/**
 * Loads the profile again after something changed the account (the revocation): the header and
 * the menu follow at once, without a reload.
 */
export function useRefreshProfile() {
  return useContext(RefreshContext)!;
}

/** Undefined without a portal session: none (401), or another kind, e.g. the registration's (403). */
async function loadProfile(): Promise<PortalProfile | undefined> {
  try {
    return await api.portal.profile();
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return undefined;
    throw err;
  }
}

/**
 * Every completed staff login lands here (the approval, "Continue to GFMIS", the renewal's
 * button): with a sign-in for a client pending, the provider takes over from this page.
 */
export default function PortalShell(props: RouteSectionProps) {
  const client = pendingClientName();
  const returning = continueToClient();
  return (
    <Show when={!returning} fallback={<Returning client={client} />}>
      <Portal {...props} />
    </Show>
  );
}

function Returning(props: { client: string | undefined }) {
  return (
    <section class="page">
      <h1>{h('heading')}</h1>
      <p role="status">{props.client ? h('returning', { client: props.client }) : h('returningUnnamed')}</p>
    </section>
  );
}

function Portal(props: RouteSectionProps) {
  const navigate = useNavigate();
  const [profile, { mutate }] = createResource(loadProfile);
  // The session ended while a page was open (the revocation ends every session): the page keeps
  // its outcome, the header keeps who it was, and neither the token nor the menu remain.
  const [ended, setEnded] = createSignal(false);

  async function refresh() {
    const last = profile.latest;
    const next = await loadProfile().catch(() => undefined);
    if (next) return void mutate(next);
    setEnded(true);
    if (last) mutate({ ...last, token: null });
  }

  async function logout() {
    await api.auth.logout().catch(() => undefined);
    navigate('/', { replace: true });
  }

  const validity = () => profile.latest?.token?.validity;

  return (
    <section class="page">
      <Switch>
        <Match when={profile.error !== undefined}>
          <h1>{h('heading')}</h1>
          <p class="notice notice-error" role="alert">{errorText(profile.error)}</p>
        </Match>
        <Match when={profile.state === 'ready' && !profile()}>
          <h1>{h('heading')}</h1>
          <p class="notice notice-info" role="alert">{h('sessionGone')}</p>
          <A class="button" href="/">{h('toLogin')}</A>
        </Match>
        <Match when={profile.latest}>
          {(p) => (
            <ProfileContext.Provider value={profile}>
              <RefreshContext.Provider value={refresh}>
              <header class={styles.head}>
                <div>
                  <h1>{h('heading')}</h1>
                  <p class={styles.who} data-testid="portal-user">{h('welcome', { username: p().username })}{p().holder ? ` · ${p().holder!.name}` : ''}</p>
                  <Show when={p().unit}>
                    <p class="muted">{h('unit')}: {p().unit!.code} {p().unit!.name}</p>
                  </Show>
                  <Show when={p().token}>
                    {(tk) => (
                      <p data-testid="token-valid-until">
                        {h('validUntil')} {formatDateTime(tk().validUntil, lang())}
                        <Show when={validity()?.state === 'notice'}>
                          {' '}<Badge tone="warning">{h('expiresSoon', { days: (validity() as { daysLeft: number }).daysLeft })}</Badge>
                        </Show>
                      </p>
                    )}
                  </Show>
                </div>
                <Show when={!ended()}>
                  <button type="button" class={cx('button secondary', styles.logout)} onClick={() => void logout()}>{h('logout')}</button>
                </Show>
              </header>
              <Show when={!ended()}>
                <nav class={styles.menu} aria-label={h('menu')}>
                  <A href="/portal/profile">{h('menu.profile')}</A>
                  <A href="/portal/password">{h('menu.password')}</A>
                  <Show when={validity()?.state === 'notice'}>
                    <A href="/renew">{h('menu.renew')}</A>
                  </Show>
                  <A href="/portal/revoke">{h('menu.revoke')}</A>
                </nav>
              </Show>
              <div>{props.children}</div>
              </RefreshContext.Provider>
            </ProfileContext.Provider>
          )}
        </Match>
        <Match when={true}>
          <h1>{h('heading')}</h1>
          <p role="status">{h('loading')}</p>
        </Match>
      </Switch>
    </section>
  );
}
