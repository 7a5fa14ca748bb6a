/** ข้อมูลส่วนตัว: the account, its holder and unit, as registered; and the holder's own copy of their data. */
import { Show } from 'solid-js';
import { lang } from '../../lib/i18n.ts';
import { formatDateTime } from '../../lib/thai-date.ts';
import { DataExport } from './DataExport.tsx';
import { h } from './messages.ts';
import { useProfile } from './PortalShell.tsx';
import styles from './home.module.css';

export default function ProfilePage() {
  const profile = useProfile();
  return (
    <Show when={profile.latest}>
      {(p) => (
        <section aria-labelledby="profile-heading">
          <h2 id="profile-heading">{h('menu.profile')}</h2>
          <dl class={styles.profileList}>
            <dt>{h('profile.username')}</dt><dd>{p().username}</dd>
            <Show when={p().holder}>
              {(holder) => (
                <>
                  <dt>{h('profile.name')}</dt><dd>{holder().name}</dd>
                  <Show when={holder().nameEn}><dt>{h('profile.nameEn')}</dt><dd>{holder().nameEn}</dd></Show>
                  <dt>{h('profile.email')}</dt><dd>{holder().email}</dd>
                </>
              )}
            </Show>
            <Show when={p().unit}>
              {(unit) => (
                <>
                  <dt>{h('profile.unit')}</dt><dd>{unit().code} {unit().name}</dd>
                  <dt>{h('profile.department')}</dt><dd>{unit().department}</dd>
                  <dt>{h('profile.ministry')}</dt><dd>{unit().ministry}</dd>
                </>
              )}
            </Show>
            <Show when={p().token}>
              {(tk) => (
                <>
                  <dt>{h('validUntil')}</dt><dd>{formatDateTime(tk().validUntil, lang())}</dd>
                  <Show when={tk().deviceLabel}><dt>{h('profile.device')}</dt><dd>{tk().deviceLabel}</dd></Show>
                </>
              )}
            </Show>
          </dl>
          <DataExport />
        </section>
      )}
    </Show>
  );
}
