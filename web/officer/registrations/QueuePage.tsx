/**
 * The approval queue: filters by status, unit, submission days, name and national
 * ID, longest waiting first, paged. Filters live in the address, so back and reload keep them.
 */
import { createResource, createSignal } from 'solid-js';
import { A } from '@solidjs/router';
import { Badge } from '../../components/Badge.tsx';
import { api, type QueueStatus, type RegistrationListItem, type RegistrationQuery } from '../../lib/api.ts';
import { lang } from '../../lib/i18n.ts';
import { age, statusLabel, statusTone, when } from '../format.ts';
import { DateRangeFilter, DAY_PARAMS, FilterField, SelectFilter, SortFilter, UnitFilter } from '../filters.tsx';
import { ListPage, useListParams, type Column } from '../ListPage.tsx';
import { followQueues } from '../ui.tsx';
import { t } from './messages.ts';

const STATUSES: QueueStatus[] = ['pending', 'approved', 'rejected', 'all'];
const FILTERS = ['status', 'unit', 'from', 'to', 'name', 'nationalId', 'sort'] as const;

/** The table's columns (a function: the headings follow the language). */
const columns = (): Array<Column<RegistrationListItem>> => [
  { header: t('submittedAt'), cell: (r) => when(r.submittedAt) },
  { header: t('waited'), cell: (r) => (r.status === 'pending' ? age(r.submittedAt) : '-') },
  { header: t('name'), cell: (r) => (lang() === 'en' && r.nameEn ? r.nameEn : (r.nameTh ?? '-')) },
  { header: t('nationalId'), class: 'mono', cell: (r) => r.nationalId ?? '-' },
  { header: t('username'), class: 'mono', cell: (r) => r.username },
  { header: t('unit'), cell: (r) => <><span class="mono">{r.unitCode}</span> {r.unitName}</> },
  { header: t('status'), cell: (r) => <Badge size="small" tone={statusTone(r.status)}>{statusLabel(r.status)}</Badge> },
  {
    header: t('review'),
    hiddenHeader: true,
    cell: (r) => (
      <A class="button small" href={`/officer/registrations/${r.id}`} aria-label={t('reviewOf', { name: r.nameTh ?? r.username })}>
        {t('review')}
      </A>
    ),
  },
];

export default function QueuePage() {
  const params = useListParams(FILTERS, DAY_PARAMS);
  const query = (): RegistrationQuery => {
    const p = params.params;
    return {
      status: STATUSES.includes(p.status as QueueStatus) ? (p.status as QueueStatus) : 'pending',
      unit: p.unit || undefined, from: p.from || undefined, to: p.to || undefined, name: p.name || undefined,
      nationalId: p.nationalId || undefined, sort: p.sort === 'newest' ? 'newest' : 'oldest',
      page: params.page(), pageSize: 20,
    };
  };
  const [list, { refetch }] = createResource(() => ({ ...query(), lang: lang() }), ({ lang: _lang, ...q }) => api.officer.registrations(q));
  const [changed, setChanged] = createSignal(false);
  followQueues(() => void refetch(), () => setChanged(true));

  return (
    <ListPage
      heading={t('heading')}
      intro={t('intro')}
      params={params}
      filters={{
        label: t('filters'),
        clearable: true,
        fields: (
          <>
            <SelectFilter name="status" label={t('status')} options={STATUSES} selected={query().status} text={(s) => t(`status.${s}`)} />
            <UnitFilter label={t('unit')} selected={query().unit} />
            <DateRangeFilter fromLabel={t('from')} toLabel={t('to')} from={query().from} to={query().to} />
            <FilterField name="name" label={t('name')}>
              <input id="name" name="name" type="search" maxLength={100} value={query().name ?? ''} />
            </FilterField>
            <FilterField name="nationalId" label={t('nationalId')}>
              <input id="nationalId" name="nationalId" inputmode="numeric" pattern="\d{13}" maxLength={13} aria-describedby="nationalId-hint" value={query().nationalId ?? ''} />
              <p class="field-hint" id="nationalId-hint">{t('nationalIdHint')}</p>
            </FilterField>
            <SortFilter label={t('sort')} selected={query().sort} text={(s) => t(`sort.${s}`)} />
          </>
        ),
      }}
      status={<p class="visually-hidden" role="status">{changed() ? t('live') : ''}</p>}
      list={list}
      retry={refetch}
      caption={t('caption')}
      empty={t('empty')}
      columns={columns()}
    />
  );
}
