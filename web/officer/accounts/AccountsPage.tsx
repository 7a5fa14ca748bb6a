/**
 * Accounts: search by username or name, unit, type, locked; see holder,
 * soft-token and lock state. Admins reissue initial passwords (to the slip page) and unlock.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { FormAlert } from '../../components/Form.tsx';
import { api, type AccountQuery, type AccountSummary } from '../../lib/api.ts';
import { lang } from '../../lib/i18n.ts';
import { when } from '../format.ts';
import { t as common } from '../messages.ts';
import { useOfficer } from '../session.ts';
import { Empty, errorText, Loaded, Pager } from '../ui.tsx';
import { t } from './messages.ts';
import { holdSlip } from './slip-store.ts';

type Params = { q?: string; unit?: string; kind?: string; locked?: string; page?: string };
type Pending = { action: 'reissue' | 'unlock'; account: AccountSummary };

export default function AccountsPage() {
  const officer = useOfficer();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams<Params>();
  const query = (): AccountQuery => ({
    q: params.q || undefined, unit: params.unit || undefined,
    kind: params.kind === 'staff' || params.kind === 'officer' ? params.kind : undefined,
    locked: params.locked === 'true' ? true : undefined, page: Math.max(1, Number(params.page) || 1), pageSize: 20,
  });
  const [units] = createResource(() => api.officer.units());
  const [list, { refetch }] = createResource(() => ({ ...query(), lang: lang() }), ({ lang: _l, ...q }) => api.officer.accounts(q));
  const [pending, setPending] = createSignal<Pending | null>(null);
  const [notice, setNotice] = createSignal<{ kind: 'success' | 'error'; text: string } | null>(null);

  function search(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const value = (k: string) => String(form.get(k) ?? '').trim() || undefined;
    setParams({ q: value('q'), unit: value('unit'), kind: value('kind'), locked: form.get('locked') ? 'true' : undefined, page: undefined });
  }

  async function run() {
    const p = pending();
    setPending(null);
    if (!p) return;
    setNotice(null);
    try {
      if (p.action === 'reissue') {
        const { slip } = await api.officer.reissue(p.account.id);
        holdSlip(slip);
        navigate('/officer/accounts/slips');
        return;
      }
      await api.officer.unlock(p.account.id);
      setNotice({ kind: 'success', text: t('unlocked', { username: p.account.username }) });
      void refetch();
    } catch (err) {
      setNotice({ kind: 'error', text: errorText(err) });
    }
  }

  return (
    <section class="page">
      <h1>{t('heading')}</h1>
      <p class="lead">{t('intro')}</p>
      <Show when={officer.can('admin')}>
        <p class="actions no-print">
          <A class="button" href="/officer/accounts/new">{t('create')}</A>
          <A class="button secondary" href="/officer/accounts/import">{t('import')}</A>
        </p>
      </Show>

      <form class="filters" role="search" aria-label={t('search')} onSubmit={search}>
        <div class="form-grid">
          <div class="field">
            <label for="q">{t('q')}</label>
            <input id="q" name="q" type="search" maxLength={100} value={query().q ?? ''} />
          </div>
          <div class="field">
            <label for="unit">{t('unit')}</label>
            <select id="unit" name="unit">
              <option value="">{common('filter.allUnits')}</option>
              <For each={units.latest ?? []}>{(u) => <option value={u.code} selected={query().unit === u.code}>{u.code} {u.name}</option>}</For>
            </select>
          </div>
          <div class="field">
            <label for="kind">{t('kind')}</label>
            <select id="kind" name="kind">
              <option value="">{t('kind.all')}</option>
              <option value="staff" selected={query().kind === 'staff'}>{t('kind.staff')}</option>
              <option value="officer" selected={query().kind === 'officer'}>{t('kind.officer')}</option>
            </select>
          </div>
          <label class="checkbox filter-check">
            <input type="checkbox" name="locked" value="true" checked={query().locked === true} />
            {t('lockedOnly')}
          </label>
        </div>
        <div class="actions">
          <button type="submit" class="button">{common('filter.search')}</button>
          <button type="button" class="button secondary" onClick={() => setParams({ q: undefined, unit: undefined, kind: undefined, locked: undefined, page: undefined })}>
            {common('filter.clear')}
          </button>
        </div>
      </form>

      <Show when={notice()}>{(n) => <FormAlert kind={n().kind}>{n().text}</FormAlert>}</Show>

      <Loaded resource={list} retry={refetch}>
        {(page) => (
          <Show when={page().items.length} fallback={<Empty>{t('empty')}</Empty>}>
            <div class="table-wrap">
              <table class="data">
                <caption class="visually-hidden">{t('caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('username')}</th>
                    <th scope="col">{t('unit')}</th>
                    <th scope="col">{t('holder')}</th>
                    <th scope="col">{t('status')}</th>
                    <th scope="col">{t('token')}</th>
                    <th scope="col">{t('lock')}</th>
                    <Show when={officer.can('admin')}><th scope="col">{t('actions')}</th></Show>
                  </tr>
                </thead>
                <tbody>
                  <For each={page().items}>
                    {(a) => (
                      <tr data-username={a.username}>
                        <td class="mono">{a.username}<Show when={a.kind === 'officer'}><br /><span class="badge">{t('kind.officer')}</span></Show></td>
                        <td><span class="mono">{a.unitCode}</span> {a.unitName}</td>
                        <td>
                          {a.holderName ?? <span class="muted">{t('noHolder')}</span>}
                          <Show when={a.displayName && a.kind === 'staff'}><br /><span class="muted small">{t('note', { note: a.displayName! })}</span></Show>
                        </td>
                        <td>
                          {t(`status.${a.status}`)}
                          <Show when={a.legacyTokenUser}><br /><span class="badge">{t('legacy')}</span></Show>
                          <Show when={!a.hasPassword}><br /><span class="muted small">{t('noPassword')}</span></Show>
                        </td>
                        <td data-push={a.pushStatus ?? undefined}>
                          {a.hasToken ? `${t('hasToken')} · ${t(a.tokenKind === 'synced' ? 'tokenSynced' : 'tokenDeviceBound')}` : t('noToken')}
                          <Show when={a.pushStatus === 'dead'}><br /><strong class="differs-label">{t('pushDead')}</strong></Show>
                          <Show when={a.pushStatus === 'none'}><br /><span class="muted small">{t('pushNone')}</span></Show>
                        </td>
                        <td>
                          <Show when={a.locked} fallback={a.blockedUntil && Date.parse(a.blockedUntil) > Date.now() ? t('blockedUntil', { at: when(a.blockedUntil) }) : t('notLocked')}>
                            <strong class="differs-label">{t('locked')}</strong>
                          </Show>
                        </td>
                        <Show when={officer.can('admin')}>
                          <td class="row-actions">
                            <Show when={a.kind === 'staff' && !a.hasToken}>
                              <button type="button" class="button small secondary" aria-label={t('reissueOf', { username: a.username })} onClick={() => setPending({ action: 'reissue', account: a })}>
                                {t('reissue')}
                              </button>
                            </Show>
                            <Show when={a.locked || (a.blockedUntil && Date.parse(a.blockedUntil) > Date.now())}>
                              <button type="button" class="button small secondary" aria-label={t('unlockOf', { username: a.username })} onClick={() => setPending({ action: 'unlock', account: a })}>
                                {t('unlock')}
                              </button>
                            </Show>
                          </td>
                        </Show>
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

      <ConfirmDialog
        open={pending() !== null}
        title={pending()?.action === 'unlock' ? t('unlockTitle') : t('reissueTitle')}
        confirmLabel={t('confirm')}
        cancelLabel={t('cancel')}
        danger={pending()?.action === 'reissue'}
        onConfirm={run}
        onCancel={() => setPending(null)}
      >
        <p>{pending()?.action === 'unlock' ? t('unlockBody', { username: pending()?.account.username ?? '' }) : t('reissueBody', { username: pending()?.account.username ?? '' })}</p>
      </ConfirmDialog>
    </section>
  );
}
