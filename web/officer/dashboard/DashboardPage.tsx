/** What waits for officers and for how long: one card and chart per queue, live. */
import { createResource, For, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { api, type WaitingQueue } from '../../lib/api.ts';
import { lang } from '../../lib/i18n.ts';
import { age, when } from '../format.ts';
import { Loaded } from '../../components/Loaded.tsx';
import { followQueues } from '../ui.tsx';
import ui from '../ui.module.css';
import { t } from './messages.ts';
import { WaitingChart } from './WaitingChart.tsx';
import styles from './DashboardPage.module.css';

/** Where each queue's list lives. */
const LIST: Record<WaitingQueue['key'], string | undefined> = {
  registrations: '/officer/registrations',
  service_requests: '/officer/service-requests',
};

export default function DashboardPage() {
  const [data, { refetch }] = createResource(lang, () => api.officer.dashboard());
  followQueues(() => void refetch());

  return (
    <section class="page">
      <h1>{t('heading')}</h1>
      <p class="lead">{t('intro')}</p>
      <Loaded resource={data} retry={refetch}>
        {(d) => (
          <>
            <div class={styles.cards}>
              <For each={d().queues}>
                {(q) => (
                  <article class={styles.card} aria-labelledby={`queue-${q.key}`}>
                    <h2 id={`queue-${q.key}`}>{t(`queue.${q.key}`)}</h2>
                    <dl class={styles.figures}>
                      <div><dt>{t('waiting')}</dt><dd data-testid={`waiting-${q.key}`}>{t('items', { n: q.total })}</dd></div>
                      <div><dt>{t('oldest')}</dt><dd>{q.oldestAt ? age(q.oldestAt, Date.parse(d().at)) : '-'}</dd></div>
                    </dl>
                    <Show when={q.total > 0} fallback={<p class={ui.empty}>{t('none')}</p>}>
                      <WaitingChart id={`chart-${q.key}`} title={t('chartTitle', { queue: t(`queue.${q.key}`) })} bands={q.bands} />
                    </Show>
                    <Show when={LIST[q.key]}>
                      {(href) => <p><A class="button secondary" href={href()} aria-describedby={`queue-${q.key}`}>{t('open')}</A></p>}
                    </Show>
                  </article>
                )}
              </For>
            </div>
            <p class="muted small">{t('updated', { at: when(d().at) })}</p>
          </>
        )}
      </Loaded>
    </section>
  );
}
