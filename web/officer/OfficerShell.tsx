/**
 * The guard and frame of every console page but the sign-in pages: asks /api/auth/me, sends
 * an officer whose passkey has not signed yet to that step, anyone else to /officer/login
 * (coming back afterwards), and gives the pages the officer's session and a menu.
 */
import { createEffect, createResource, For, Match, Switch } from 'solid-js';
import { A, useLocation, useNavigate, type RouteSectionProps } from '@solidjs/router';
import { api, type Role } from '../lib/api.ts';
import { t, type OfficerKey } from './messages.ts';
import { OfficerContext, whoIsSignedIn, type OfficerSession } from './session.ts';
import { errorText } from './ui.tsx';
import { passkeyStepPath } from './login/next.ts';
import { cx } from '../lib/cx.ts';
import styles from './OfficerShell.module.css';

/** The menu; an item with a role shows only to officers who hold it. */
const MENU: ReadonlyArray<{ href: string; key: OfficerKey; end: boolean; role?: Role }> = [
  { href: '/officer', key: 'nav.dashboard', end: true },
  { href: '/officer/registrations', key: 'nav.registrations', end: false },
  { href: '/officer/service-requests', key: 'nav.serviceRequests', end: false },
  { href: '/officer/accounts', key: 'nav.accounts', end: false },
  { href: '/officer/legacy', key: 'nav.legacy', end: false },
  { href: '/officer/audit', key: 'nav.audit', end: false },
  { href: '/officer/clients', key: 'nav.clients', end: false, role: 'admin' },
];

export default function OfficerShell(props: RouteSectionProps) {
  const navigate = useNavigate();
  const location = useLocation();
  const [me, { refetch }] = createResource(whoIsSignedIn);

  const session = (): OfficerSession | undefined => {
    const m = me.state === 'ready' ? me() : undefined;
    // Only the full session a passkey opened; the half-open ones after the password are not enough.
    return m && m.kind === 'officer' && m.session === 'portal' ? { me: m, can: (role: Role) => m.roles.includes(role) } : undefined;
  };

  createEffect(() => {
    if (me.state !== 'ready' || session()) return;
    const m = me();
    const here = location.pathname + location.search;
    if (m?.kind === 'officer' && (m.session === 'officer_enrol' || m.session === 'officer_verify')) {
      navigate(passkeyStepPath(m.session === 'officer_enrol' ? 'enrol_passkey' : 'verify_passkey', here), { replace: true });
      return;
    }
    navigate(`/officer/login?next=${encodeURIComponent(here)}${m && m.kind !== 'officer' ? '&reason=not_officer' : ''}`, { replace: true });
  });

  async function logout() {
    await api.auth.logout().catch(() => undefined);
    navigate('/officer/login', { replace: true });
  }

  return (
    <Switch fallback={<p class="loading" role="status">{t('guard.checking')}</p>}>
      <Match when={me.state === 'errored'}>
        <div class="notice notice-error" role="alert">
          <p>{t('guard.error', { message: errorText(me.error) })}</p>
          <button type="button" class="button small secondary" onClick={() => refetch()}>{t('guard.retry')}</button>
        </div>
      </Match>
      <Match when={session()}>
        {(s) => (
          <OfficerContext.Provider value={s()}>
            <div class="officer-console">
              {/* `officer-nav` stays as a hook for browser tests. */}
              <nav class={cx('officer-nav', 'no-print', styles.nav)} aria-label={t('nav.label')}>
                <ul>
                  <For each={MENU.filter((item) => !item.role || s().can(item.role))}>
                    {(item) => <li><A href={item.href} end={item.end} activeClass={styles.active}>{t(item.key)}</A></li>}
                  </For>
                </ul>
                <div class={styles.user}>
                  <span>
                    {t('nav.signedInAs', { name: s().me.displayName ?? s().me.username })}
                    <span class="roles"> ({s().me.roles.map((r) => t(`role.${r as Role}`)).join(', ')})</span>
                  </span>
                  <button type="button" class="button small secondary" onClick={logout}>{t('nav.logout')}</button>
                </div>
              </nav>
              {props.children}
            </div>
          </OfficerContext.Provider>
        )}
      </Match>
    </Switch>
  );
}
