/** Search the audit log by account, national ID, action and days; newest first, paged. */
import { createResource, Show } from 'solid-js';
import { api, type AuditEvent, type AuditQuery } from '../../lib/api.ts';
import { cx } from '../../lib/cx.ts';
import { lang } from '../../lib/i18n.ts';
import { when } from '../format.ts';
import { DateRangeFilter, DAY_PARAMS, FilterField, SelectFilter } from '../filters.tsx';
import { ListPage, useListParams, type Column } from '../ListPage.tsx';
import { actionName, isKnownAction, t } from './messages.ts';
import styles from './AuditPage.module.css';

const FILTERS = ['username', 'nationalId', 'action', 'from', 'to'] as const;

/** The action in words; one the catalogue does not know yet still reads as words, never as its code. */
function label(action: string): string {
  return isKnownAction(action) ? actionName(action) : t('otherAction');
}

function details(e: AuditEvent): string {
  if (!e.details) return '';
  return Object.entries(e.details).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' · ');
}

/** The table's columns (a function: the headings follow the language). */
const columns = (): Array<Column<AuditEvent>> => [
  { header: t('at'), cell: (e) => when(e.at) },
  { header: t('actor'), cell: (e) => <>{t(`kind.${e.actorKind}`)}<Show when={e.actorUsername}><br /><span class="mono small">{e.actorUsername}</span></Show></> },
  { header: t('action'), cell: (e) => label(e.action) },
  { header: t('subject'), class: 'mono small', cell: (e) => e.subjectUsername ?? '-' },
  { header: t('nationalId'), class: 'mono small', cell: (e) => e.nationalId ?? '-' },
  { header: t('from_'), class: 'small', cell: (e) => e.ip ?? '-' },
  { header: t('details'), class: cx('small', styles.details), cell: (e) => details(e) },
];

export default function AuditPage() {
  const params = useListParams(FILTERS, DAY_PARAMS);
  const query = (): AuditQuery => {
    const p = params.params;
    return {
      username: p.username || undefined, nationalId: p.nationalId || undefined, action: p.action || undefined,
      from: p.from || undefined, to: p.to || undefined, page: params.page(), pageSize: 25,
    };
  };
  const [actions] = createResource(() => api.officer.auditActions());
  const [events, { refetch }] = createResource(() => ({ ...query(), lang: lang() }), ({ lang: _l, ...q }) => api.officer.audit(q));

  return (
    <ListPage
      heading={t('heading')}
      intro={t('intro')}
      params={params}
      filters={{
        label: t('search'),
        clearable: true,
        fields: (
          <>
            <FilterField name="username" label={t('username')}>
              <input id="username" name="username" maxLength={32} value={query().username ?? ''} />
            </FilterField>
            <FilterField name="nationalId" label={t('nationalId')}>
              <input id="nationalId" name="nationalId" inputmode="numeric" pattern="\d{13}" maxLength={13} value={query().nationalId ?? ''} />
            </FilterField>
            <SelectFilter name="action" label={t('action')} all={t('allActions')} options={actions.latest ?? []} selected={query().action} text={label} />
            <DateRangeFilter fromLabel={t('from')} toLabel={t('to')} from={query().from} to={query().to} />
          </>
        ),
      }}
      list={events}
      retry={refetch}
      caption={t('caption')}
      empty={t('empty')}
      columns={columns()}
      rowData={(e) => ({ 'data-action': e.action })}
    />
  );
}
