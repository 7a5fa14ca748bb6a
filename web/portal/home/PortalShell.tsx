/**
 * The portal after a full login: who is logged in, the unit, the token's validity in
 * พ.ศ., and the menu (ข้อมูลส่วนตัว, แก้ไขข้อมูลรหัสผ่าน, ยกเลิกการใช้งาน Soft Token, logout).
 * Its pages share the profile loaded here.
 */
import { createContext, createResource, Match, Show, Switch, useContext, type Resource } from 'solid-js';
import { A, useNavigate, type RouteSectionProps } from '@solidjs/router';
import { api, ApiError, type PortalProfile } from '../../lib/api.ts';
import { lang, t as tGlobal } from '../../lib/i18n.ts';
import { formatDateTime } from '../../lib/thai-date.ts';
import { Badge } from '../../components/Badge.tsx';
import { h } from './messages.ts';
import styles from './home.module.css';

const ProfileContext = createContext<Resource<PortalProfile | undefined>>();

/** The profile the shell loaded (undefined while it loads). */
export function useProfile() {
  return useContext(ProfileContext)!;
}

async function loadProfile(): Promise<PortalProfile | undefined> {
  try {
    return await api.portal.profile();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return undefined;
    throw err;
  }
}

export default function PortalShell(props: RouteSectionProps) {
  const navigate = useNavigate();
  const [profile] = createResource(loadProfile);

  async function logout() {
    await api.auth.logout().catch(() => undefined);
    navigate('/', { replace: true });
  }

  const validity = () => profile.latest?.token?.validity;

  return (
    <section class="page">
      <Switch>
        <Match when={profile.error !== undefined}>
          <p class="notice notice-error" role="alert">{profile.error instanceof ApiError ? profile.error.message : tGlobal('error.unexpected')}</p>
        </Match>
        <Match when={profile.state === 'ready' && !profile()}>
          <p class="notice notice-info" role="alert">{h('sessionGone')}</p>
          <A class="button" href="/">{h('toLogin')}</A>
        </Match>
        <Match when={profile.latest}>
          {(p) => (
            <ProfileContext.Provider value={profile}>
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
                <button type="button" class="button secondary" onClick={() => void logout()}>{h('logout')}</button>
              </header>
              <nav class={styles.menu} aria-label={h('menu')}>
                <A href="/portal/profile">{h('menu.profile')}</A>
                <A href="/portal/password">{h('menu.password')}</A>
                <Show when={validity()?.state === 'notice'}>
                  <A href="/renew">{h('menu.renew')}</A>
                </Show>
                <A href="/portal/revoke">{h('menu.revoke')}</A>
              </nav>
              <div>{props.children}</div>
            </ProfileContext.Provider>
          )}
        </Match>
        <Match when={true}>
          <p role="status">{h('loading')}</p>
        </Match>
      </Switch>
    </section>
  );
}
