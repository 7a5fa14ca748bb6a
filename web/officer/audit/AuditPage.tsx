/** Search the audit log by account, national ID, action and days; newest first, paged. */
import { createResource, For, Show } from 'solid-js';
import { useSearchParams } from '@solidjs/router';
import { api, type AuditEvent, type AuditQuery } from '../../lib/api.ts';
import { lang } from '../../lib/i18n.ts';
import { when } from '../format.ts';
import { t as common } from '../messages.ts';
import { Empty, Loaded, Pager } from '../ui.tsx';
import { actionName, t, type KnownAction } from './messages.ts';

type Params = { username?: string; nationalId?: string; action?: string; from?: string; to?: string; page?: string };

function label(action: string): string {
  const name = actionName(action as KnownAction);
  return name ?? action;
}

function details(e: AuditEvent): string {
  if (!e.details) return '';
  return Object.entries(e.details).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' · ');
}

export default function AuditPage() {
  const [params, setParams] = useSearchParams<Params>();
  const query = (): AuditQuery => ({
    username: params.username || undefined, nationalId: params.nationalId || undefined, action: params.action || undefined,
    from: params.from || undefined, to: params.to || undefined, page: Math.max(1, Number(params.page) || 1), pageSize: 25,
  });
  const [actions] = createResource(() => api.officer.auditActions());
  const [events, { refetch }] = createResource(() => ({ ...query(), lang: lang() }), ({ lang: _l, ...q }) => api.officer.audit(q));

  function search(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const value = (k: string) => String(form.get(k) ?? '').trim() || undefined;
    setParams({ username: value('username'), nationalId: value('nationalId'), action: value('action'), from: value('from'), to: value('to'), page: undefined });
  }

  return (
    <section class="page">
      <h1>{t('heading')}</h1>
      <p class="lead">{t('intro')}</p>
      <form class="filters" role="search" aria-label={t('search')} onSubmit={search}>
        <div class="form-grid">
          <div class="field">
            <label for="username">{t('username')}</label>
            <input id="username" name="username" maxLength={32} value={query().username ?? ''} />
          </div>
          <div class="field">
            <label for="nationalId">{t('nationalId')}</label>
            <input id="nationalId" name="nationalId" inputmode="numeric" pattern="\d{13}" maxLength={13} value={query().nationalId ?? ''} />
          </div>
          <div class="field">
            <label for="action">{t('action')}</label>
            <select id="action" name="action">
              <option value="">{t('allActions')}</option>
              <For each={actions.latest ?? []}>{(a) => <option value={a} selected={query().action === a}>{label(a)}</option>}</For>
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
        </div>
        <div class="actions">
          <button type="submit" class="button">{common('filter.search')}</button>
          <button type="button" class="button secondary" onClick={() => setParams({ username: undefined, nationalId: undefined, action: undefined, from: undefined, to: undefined, page: undefined })}>
            {common('filter.clear')}
          </button>
        </div>
      </form>

      <Loaded resource={events} retry={refetch}>
        {(page) => (
          <Show when={page().items.length} fallback={<Empty>{t('empty')}</Empty>}>
            <div class="table-wrap">
              <table class="data audit">
                <caption class="visually-hidden">{t('caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('at')}</th>
                    <th scope="col">{t('actor')}</th>
                    <th scope="col">{t('action')}</th>
                    <th scope="col">{t('subject')}</th>
                    <th scope="col">{t('nationalId')}</th>
                    <th scope="col">{t('from_')}</th>
                    <th scope="col">{t('details')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={page().items}>
                    {(e) => (
                      <tr data-action={e.action}>
                        <td>{when(e.at)}</td>
                        <td>{t(`kind.${e.actorKind}`)}<Show when={e.actorUsername}><br /><span class="mono small">{e.actorUsername}</span></Show></td>
                        <td>
                          <Show when={label(e.action) !== e.action} fallback={<code class="small">{e.action}</code>}>
                            {label(e.action)}<br /><code class="small muted">{e.action}</code>
                          </Show>
                        </td>
                        <td class="mono small">{e.subjectUsername ?? '-'}</td>
                        <td class="mono small">{e.nationalId ?? '-'}</td>
                        <td class="small">{e.ip ?? '-'}</td>
                        <td class="small details">{details(e)}</td>
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
