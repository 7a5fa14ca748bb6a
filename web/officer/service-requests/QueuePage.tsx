/**
 * The service-request queue: what waits for an officer or a reviewer, longest waiting
 * first, paged, refreshed live. Filters live in the address, so back and reload keep them.
 */
import { createResource, createSignal, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { Badge } from '../../components/Badge.tsx';
import { api, type ServiceRequestItem, type ServiceRequestQuery, type ServiceRequestQueueStatus } from '../../lib/api.ts';
import { lang } from '../../lib/i18n.ts';
import { age, when } from '../format.ts';
import { SelectFilter, SortFilter } from '../filters.tsx';
import { ListPage, useListParams, type Column } from '../ListPage.tsx';
import { followQueues } from '../ui.tsx';
import { t } from './messages.ts';
import { usePurposeLabels, type PurposeLabels } from './options.ts';
import { srStatusTone } from './status.ts';

const STATUSES: ServiceRequestQueueStatus[] = ['waiting', 'submitted', 'processed', 'completed', 'awaiting_scan', 'all'];
const WAITING = new Set(['submitted', 'processed']);
const FILTERS = ['status', 'sort'] as const;

/** The table's columns (a function: the headings follow the language). */
const columns = (labels: PurposeLabels): Array<Column<ServiceRequestItem>> => [
  { header: t('tracking'), class: 'mono nowrap', cell: (r) => r.trackingNumber },
  { header: t('since'), cell: (r) => when(r.updatedAt) },
  { header: t('waited'), cell: (r) => (WAITING.has(r.status) ? age(r.updatedAt) : '-') },
  { header: t('purpose'), cell: (r) => labels.purpose(r.purpose) },
  { header: t('requester'), cell: (r) => r.requester.name || '-' },
  { header: t('username'), class: 'mono', cell: (r) => r.username },
  { header: t('unit'), cell: (r) => <><span class="mono">{r.unitCode}</span> {r.requester.unitName}</> },
  {
    header: t('status'),
    cell: (r) => (
      <>
        <Badge size="small" tone={srStatusTone(r.status)}>{t(`state.${r.status}`)}</Badge>
        <Show when={r.status === 'completed' && r.outcome}>
          {(o) => <span class="muted small"> · {t(`outcome.${o()}`)}</span>}
        </Show>
      </>
    ),
  },
  {
    header: t('open'),
    hiddenHeader: true,
    cell: (r) => (
      <A class="button small" href={`/officer/service-requests/${r.id}`} aria-label={t('openOf', { tracking: r.trackingNumber })}>
        {t('open')}
      </A>
    ),
  },
];

export default function QueuePage() {
  const params = useListParams(FILTERS);
  const query = (): ServiceRequestQuery => {
    const p = params.params;
    return {
      status: STATUSES.includes(p.status as ServiceRequestQueueStatus) ? (p.status as ServiceRequestQueueStatus) : 'waiting',
      sort: p.sort === 'newest' ? 'newest' : 'oldest',
      page: params.page(),
      pageSize: 20,
    };
  };
  const labels = usePurposeLabels();
  const [list, { refetch }] = createResource(() => ({ ...query(), lang: lang() }), ({ lang: _lang, ...q }) => api.officer.serviceRequests(q));
  const [changed, setChanged] = createSignal(false);
  followQueues(() => void refetch(), () => setChanged(true));

  return (
    <ListPage
      heading={t('heading')}
      intro={t('intro')}
      params={params}
      filters={{
        label: t('filters'),
        submit: t('apply'),
        fields: (
          <>
            <SelectFilter name="status" label={t('status')} options={STATUSES} selected={query().status} text={(s) => t(`filter.${s}`)} />
            <SortFilter label={t('sort')} selected={query().sort} text={(s) => t(`sort.${s}`)} />
          </>
        ),
      }}
      status={<p class="visually-hidden" role="status">{changed() ? t('live') : ''}</p>}
      list={list}
      retry={refetch}
      caption={t('caption')}
      empty={t('empty')}
      columns={columns(labels)}
      rowData={(r) => ({ 'data-tracking': r.trackingNumber })}
    />
  );
}
