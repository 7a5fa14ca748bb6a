/**
 * The service-request queue: what waits for an officer or a reviewer, longest waiting
 * first, paged, refreshed live. Filters live in the address, so back and reload keep them.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { A, useSearchParams } from '@solidjs/router';
import { api, type ServiceRequestQuery, type ServiceRequestQueueStatus } from '../../lib/api.ts';
import { lang } from '../../lib/i18n.ts';
import { age, when } from '../format.ts';
import { Empty, followQueues, Loaded, Pager } from '../ui.tsx';
import { t } from './messages.ts';
import { usePurposeLabels } from './options.ts';
import './service-requests.css';

type Params = { status?: string; sort?: string; page?: string };

const STATUSES: ServiceRequestQueueStatus[] = ['waiting', 'submitted', 'processed', 'completed', 'awaiting_scan', 'all'];
const WAITING = new Set(['submitted', 'processed']);

function toQuery(p: Params): ServiceRequestQuery {
  return {
    status: STATUSES.includes(p.status as ServiceRequestQueueStatus) ? (p.status as ServiceRequestQueueStatus) : 'waiting',
    sort: p.sort === 'newest' ? 'newest' : 'oldest',
    page: Math.max(1, Number(p.page) || 1),
    pageSize: 20,
  };
}

export default function QueuePage() {
  const [params, setParams] = useSearchParams<Params>();
  const query = () => toQuery({ ...params });
  const labels = usePurposeLabels();
  const [list, { refetch }] = createResource(() => ({ ...query(), lang: lang() }), ({ lang: _lang, ...q }) => api.officer.serviceRequests(q));
  const [changed, setChanged] = createSignal(false);
  followQueues(() => void refetch(), () => setChanged(true));

  function apply(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setParams({ status: String(form.get('status') ?? '') || undefined, sort: String(form.get('sort') ?? '') || undefined, page: undefined });
  }

  return (
    <section class="page">
      <h1>{t('heading')}</h1>
      <p class="lead">{t('intro')}</p>

      <form class="filters" role="search" aria-label={t('filters')} onSubmit={apply}>
        <div class="form-grid">
          <div class="field">
            <label for="status">{t('status')}</label>
            <select id="status" name="status">
              <For each={STATUSES}>{(s) => <option value={s} selected={query().status === s}>{t(`filter.${s}`)}</option>}</For>
            </select>
          </div>
          <div class="field">
            <label for="sort">{t('sort')}</label>
            <select id="sort" name="sort">
              <option value="oldest" selected={query().sort === 'oldest'}>{t('sort.oldest')}</option>
              <option value="newest" selected={query().sort === 'newest'}>{t('sort.newest')}</option>
            </select>
          </div>
        </div>
        <div class="actions">
          <button type="submit" class="button">{t('apply')}</button>
        </div>
      </form>

      <p class="visually-hidden" role="status">{changed() ? t('live') : ''}</p>

      <Loaded resource={list} retry={refetch}>
        {(page) => (
          <Show when={page().items.length} fallback={<Empty>{t('empty')}</Empty>}>
            <div class="table-wrap">
              <table class="data">
                <caption class="visually-hidden">{t('caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('tracking')}</th>
                    <th scope="col">{t('since')}</th>
                    <th scope="col">{t('waited')}</th>
                    <th scope="col">{t('purpose')}</th>
                    <th scope="col">{t('requester')}</th>
                    <th scope="col">{t('username')}</th>
                    <th scope="col">{t('unit')}</th>
                    <th scope="col">{t('status')}</th>
                    <th scope="col"><span class="visually-hidden">{t('open')}</span></th>
                  </tr>
                </thead>
                <tbody>
                  <For each={page().items}>
                    {(r) => (
                      <tr data-tracking={r.trackingNumber}>
                        <td class="mono nowrap">{r.trackingNumber}</td>
                        <td>{when(r.updatedAt)}</td>
                        <td>{WAITING.has(r.status) ? age(r.updatedAt) : '-'}</td>
                        <td>{labels.purpose(r.purpose)}</td>
                        <td>{r.requester.name || '-'}</td>
                        <td class="mono">{r.username}</td>
                        <td><span class="mono">{r.unitCode}</span> {r.requester.unitName}</td>
                        <td>
                          <span class={`badge badge-sr-${r.status}`}>{t(`state.${r.status}`)}</span>
                          <Show when={r.status === 'completed' && r.outcome}>
                            {(o) => <span class="muted small"> · {t(`outcome.${o()}`)}</span>}
                          </Show>
                        </td>
                        <td>
                          <A class="button small" href={`/officer/service-requests/${r.id}`} aria-label={t('openOf', { tracking: r.trackingNumber })}>
                            {t('open')}
                          </A>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            <Pager total={page().total} page={page().page} pageSize={page().pageSize} onPage={(p) => setParams({ page: String(p) })} />
          </Show>
        )}
      </Loaded>
    </section>
  );
}
