/**
 * The approval queue: filters by status, unit, submission days, name and national
 * ID, longest waiting first, paged. Filters live in the address, so back and reload keep them.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { A, useSearchParams } from '@solidjs/router';
import { api, type QueueStatus, type RegistrationQuery } from '../../lib/api.ts';
import { lang } from '../../lib/i18n.ts';
import { age, statusLabel, when } from '../format.ts';
import { t as common } from '../messages.ts';
import { Empty, followQueues, Loaded, Pager } from '../ui.tsx';
import { t } from './messages.ts';

type Params = { status?: string; unit?: string; from?: string; to?: string; name?: string; nationalId?: string; sort?: string; page?: string };

const STATUSES: QueueStatus[] = ['pending', 'approved', 'rejected', 'all'];

function toQuery(p: Params): RegistrationQuery {
  return {
    status: STATUSES.includes(p.status as QueueStatus) ? (p.status as QueueStatus) : 'pending',
    unit: p.unit || undefined, from: p.from || undefined, to: p.to || undefined, name: p.name || undefined,
    nationalId: p.nationalId || undefined, sort: p.sort === 'newest' ? 'newest' : 'oldest',
    page: Math.max(1, Number(p.page) || 1), pageSize: 20,
  };
}

export default function QueuePage() {
  const [params, setParams] = useSearchParams<Params>();
  const query = () => toQuery({ ...params });
  const [units] = createResource(() => api.officer.units());
  const [list, { refetch }] = createResource(() => ({ ...query(), lang: lang() }), ({ lang: _lang, ...q }) => api.officer.registrations(q));
  const [changed, setChanged] = createSignal(false);
  followQueues(() => void refetch(), () => setChanged(true));

  function search(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const value = (k: string) => String(form.get(k) ?? '').trim() || undefined;
    setParams({
      status: value('status'), unit: value('unit'), from: value('from'), to: value('to'),
      name: value('name'), nationalId: value('nationalId'), sort: value('sort'), page: undefined,
    });
  }

  function clear() {
    setParams({ status: undefined, unit: undefined, from: undefined, to: undefined, name: undefined, nationalId: undefined, sort: undefined, page: undefined });
  }

  return (
    <section class="page">
      <h1>{t('heading')}</h1>
      <p class="lead">{t('intro')}</p>

      <form class="filters" role="search" aria-label={t('filters')} onSubmit={search}>
        <div class="form-grid">
          <div class="field">
            <label for="status">{t('status')}</label>
            <select id="status" name="status">
              <For each={STATUSES}>{(s) => <option value={s} selected={query().status === s}>{t(`status.${s}`)}</option>}</For>
            </select>
          </div>
          <div class="field">
            <label for="unit">{t('unit')}</label>
            <select id="unit" name="unit">
              <option value="">{common('filter.allUnits')}</option>
              <For each={units.latest ?? []}>{(u) => <option value={u.code} selected={query().unit === u.code}>{u.code} {u.name}</option>}</For>
            </select>
          </div>
          <div class="field">
            <label for="from">{t('from')}</label>
            <input id="from" name="from" type="date" value={query().from ?? ''} />
          </div>
          <div class="field">
            <label for="to">{t('to')}</label>
            <input id="to" name="to" type="date" value={query().to ?? ''} />
          </div>
          <div class="field">
            <label for="name">{t('name')}</label>
            <input id="name" name="name" type="search" maxLength={100} value={query().name ?? ''} />
          </div>
          <div class="field">
            <label for="nationalId">{t('nationalId')}</label>
            <input id="nationalId" name="nationalId" inputmode="numeric" pattern="\d{1,13}" maxLength={13} aria-describedby="nationalId-hint" value={query().nationalId ?? ''} />
            <p class="field-hint" id="nationalId-hint">{t('nationalIdHint')}</p>
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
          <button type="submit" class="button">{common('filter.search')}</button>
          <button type="button" class="button secondary" onClick={clear}>{common('filter.clear')}</button>
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
                    <th scope="col">{t('submittedAt')}</th>
                    <th scope="col">{t('waited')}</th>
                    <th scope="col">{t('name')}</th>
                    <th scope="col">{t('nationalId')}</th>
                    <th scope="col">{t('username')}</th>
                    <th scope="col">{t('unit')}</th>
                    <th scope="col">{t('status')}</th>
                    <th scope="col"><span class="visually-hidden">{t('review')}</span></th>
                  </tr>
                </thead>
                <tbody>
                  <For each={page().items}>
                    {(r) => (
                      <tr>
                        <td>{when(r.submittedAt)}</td>
                        <td>{r.status === 'pending' ? age(r.submittedAt) : '-'}</td>
                        <td>{lang() === 'en' && r.nameEn ? r.nameEn : (r.nameTh ?? '-')}</td>
                        <td class="mono">{r.nationalId ?? '-'}</td>
                        <td class="mono">{r.username}</td>
                        <td><span class="mono">{r.unitCode}</span> {r.unitName}</td>
                        <td><span class={`badge badge-${r.status}`}>{statusLabel(r.status)}</span></td>
                        <td>
                          <A class="button small" href={`/officer/registrations/${r.id}`} aria-label={t('reviewOf', { name: r.nameTh ?? r.username })}>
                            {t('review')}
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
