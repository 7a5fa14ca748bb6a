/**
 * The legacy portal's profile page ข้อมูลส่วนตัว as the manual shows it (step 0, R-2.3):
 * `ขอรหัสผ่านเริ่มต้นของ Soft Token` shows the new username and initial password once,
 * `กดเพื่อยืนยันและทำการ logout` ends the visit. An officer drives it for the person.
 */
import { createResource, createSignal, Show } from 'solid-js';
import { A, useNavigate, useParams } from '@solidjs/router';
import { FormAlert } from '../../components/Form.tsx';
import { api } from '../../lib/api.ts';
import { useOfficer } from '../session.ts';
import { Loaded } from '../../components/Loaded.tsx';
import { CopyButton, errorText } from '../ui.tsx';
import ui from '../ui.module.css';
import { t } from './messages.ts';
import styles from './ProfilePage.module.css';

export default function ProfilePage() {
  const params = useParams<{ username: string }>();
  const officer = useOfficer();
  const navigate = useNavigate();
  const [profile, { refetch }] = createResource(() => params.username, (u) => api.officer.legacyProfile(u));
  const [issued, setIssued] = createSignal<{ username: string; initialPassword: string } | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');

  async function request() {
    setBusy(true);
    setError('');
    try {
      setIssued(await api.officer.legacyIssue(params.username));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  async function logout() {
    setBusy(true);
    try {
      await api.officer.legacyLogout(params.username);
      setIssued(null);
      navigate(`/officer/legacy?done=${encodeURIComponent(params.username.toUpperCase())}`, { replace: true });
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <section class="page">
      <p class="no-print"><A href="/officer/legacy">← {t('back')}</A></p>
      {/* The page keeps its <h1> while the profile loads or cannot be found. */}
      <Show when={profile.state !== 'ready' && profile.state !== 'refreshing'}><h1>{t('profile')}</h1></Show>
      <Loaded resource={profile} retry={refetch}>
        {(p) => (
          <>
            <p class={styles.acting} role="note">{t('acting', { username: p().username })}</p>
            <div class={styles.portal}>
              <nav class={styles.menu} aria-label={t('menu')}>
                <ul><li><a href={`/officer/legacy/${p().username}`} aria-current="page">{t('profileMenu')}</a></li></ul>
              </nav>
              <div class={styles.content}>
                <h1>{t('profile')}</h1>
                <dl class={ui.facts}>
                  <div><dt>{t('softUsername')}</dt><dd class="mono">{p().username}</dd></div>
                  <div><dt>{t('name')}</dt><dd>{p().holderName ?? p().displayName ?? '-'}</dd></div>
                  <div><dt>{t('unit')}</dt><dd><span class="mono">{p().unitCode}</span> {p().unitName}</dd></div>
                  <div><dt>{t('tokenKind')}</dt><dd>{t('tokenKey')}</dd></div>
                </dl>
                <Show when={error()}><FormAlert>{error()}</FormAlert></Show>
                <Show
                  when={issued()}
                  fallback={
                    <Show when={!p().hasToken} fallback={<FormAlert kind="info">{t('hasToken')}</FormAlert>}>
                      <Show when={p().initialPasswordIssued}><p class="muted">{t('alreadyIssued')}</p></Show>
                      <Show when={officer.can('admin')} fallback={<FormAlert kind="info">{t('adminOnly')}</FormAlert>}>
                        <button type="button" class="button" disabled={busy()} onClick={request}>{busy() ? t('requesting') : t('request')}</button>
                      </Show>
                    </Show>
                  }
                >
                  {(c) => (
                    <div class={styles.issued} role="region" aria-labelledby="issued-title">
                      <h2 id="issued-title">{t('issuedTitle')}</h2>
                      <p class="notice notice-warning">{t('issuedOnce')}</p>
                      <dl class={ui.credentials}>
                        <div>
                          <dt>{t('softUsername')}</dt>
                          <dd><span class="mono" data-testid="legacy-username">{c().username}</span> <CopyButton value={c().username} label={t('softUsername')} /></dd>
                        </div>
                        <div>
                          <dt>{t('softPassword')}</dt>
                          <dd><span class="mono" data-testid="legacy-password">{c().initialPassword}</span> <CopyButton value={c().initialPassword} label={t('softPassword')} /></dd>
                        </div>
                      </dl>
                      <p class={ui.advice}>{t('advice')}</p>
                      <button type="button" class="button" disabled={busy()} onClick={logout}>{t('confirmLogout')}</button>
                    </div>
                  )}
                </Show>
              </div>
            </div>
          </>
        )}
      </Loaded>
    </section>
  );
}
