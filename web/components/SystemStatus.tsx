import { createResource, Match, Switch } from 'solid-js';
import { api, ApiError } from '../lib/api.ts';
import { lang, t } from '../lib/i18n.ts';
import styles from './SystemStatus.module.css';

/**
 * One line saying whether the system can serve (/api/ready: database, live updates); asked again when the
 * language changes so errors read right. It stays on public pages, so it names no internals.
 */
export function SystemStatus() {
  const [health] = createResource(lang, () => api.ready());
  const errorText = () => (health.error instanceof ApiError ? health.error.message : t('error.unexpected'));
  return (
    <p class={styles.status} role="status" data-state={health.state}>
      <Switch>
        <Match when={health.state === 'errored'}>{t('status.error', { message: errorText() })}</Match>
        {/* Read the value only when ready: reading a pending resource would suspend the whole page. */}
        <Match when={health.state === 'ready'}>{t('status.ready')}</Match>
        <Match when={true}>{t('status.loading')}</Match>
      </Switch>
    </p>
  );
}
