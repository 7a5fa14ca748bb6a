/**
 * Accounts: search by username or name, unit, type, locked; see holder,
 * soft-token and lock state. Admins reissue initial passwords (to the slip page) and unlock.
 */
import { createResource, createSignal, Show } from 'solid-js';
import { A, useNavigate } from '@solidjs/router';
import { Badge } from '../../components/Badge.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { FormAlert } from '../../components/Form.tsx';
import { api, type AccountQuery, type AccountSummary } from '../../lib/api.ts';
import { cx } from '../../lib/cx.ts';
import { lang } from '../../lib/i18n.ts';
import { when } from '../format.ts';
import { FilterField, SelectFilter, UnitFilter } from '../filters.tsx';
import { ListPage, useListParams, type Column } from '../ListPage.tsx';
import list from '../ListPage.module.css';
import { useOfficer } from '../session.ts';
import { errorText } from '../ui.tsx';
import ui from '../ui.module.css';
import { t } from './messages.ts';
import { holdSlip } from './slip-store.ts';

type Pending = { action: 'reissue' | 'unlock'; account: AccountSummary };

const FILTERS = ['q', 'unit', 'kind', 'locked'] as const;
const KINDS = ['staff', 'officer'] as const;

const blocked = (a: AccountSummary) => Boolean(a.blockedUntil && Date.parse(a.blockedUntil) > Date.now());

/** The table's columns (a function: the headings follow the language); admins get a column of actions. */
function columns(admin: boolean, ask: (p: Pending) => void): Array<Column<AccountSummary>> {
  const all: Array<Column<AccountSummary>> = [
    {
      header: t('username'),
      class: 'mono',
      cell: (a) => <>{a.username}<Show when={a.kind === 'officer'}><br /><Badge size="small">{t('kind.officer')}</Badge></Show></>,
    },
    { header: t('unit'), cell: (a) => <><span class="mono">{a.unitCode}</span> {a.unitName}</> },
    {
      header: t('holder'),
      cell: (a) => (
        <>
          {a.holderName ?? <span class="muted">{t('noHolder')}</span>}
          <Show when={a.displayName && a.kind === 'staff'}><br /><span class="muted small">{t('note', { note: a.displayName! })}</span></Show>
        </>
      ),
    },
    {
      header: t('status'),
      cell: (a) => (
        <>
          {t(`status.${a.status}`)}
          <Show when={a.legacyTokenUser}><br /><Badge size="small">{t('legacy')}</Badge></Show>
          <Show when={!a.hasPassword}><br /><span class="muted small">{t('noPassword')}</span></Show>
        </>
      ),
    },
    {
      header: t('token'),
      cellData: (a) => ({ 'data-push': a.pushStatus ?? undefined }),
      cell: (a) => (
        <>
          {a.hasToken ? `${t('hasToken')} · ${t(a.tokenKind === 'synced' ? 'tokenSynced' : 'tokenDeviceBound')}` : t('noToken')}
          <Show when={a.pushStatus === 'dead'}><br /><strong class={ui.differs}>{t('pushDead')}</strong></Show>
          <Show when={a.pushStatus === 'none'}><br /><span class="muted small">{t('pushNone')}</span></Show>
        </>
      ),
    },
    {
      header: t('lock'),
      cell: (a) => (
        <Show when={a.locked} fallback={blocked(a) ? t('blockedUntil', { at: when(a.blockedUntil) }) : t('notLocked')}>
          <strong class={ui.differs}>{t('locked')}</strong>
        </Show>
      ),
    },
  ];
  if (!admin) return all;
  return [...all, {
    header: t('actions'),
    class: ui.rowActions,
    cell: (a) => (
      <>
        <Show when={a.kind === 'staff' && !a.hasToken}>
          <button type="button" class="button small secondary" aria-label={t('reissueOf', { username: a.username })} onClick={() => ask({ action: 'reissue', account: a })}>
            {t('reissue')}
          </button>
        </Show>
        <Show when={a.locked || blocked(a)}>
          <button type="button" class="button small secondary" aria-label={t('unlockOf', { username: a.username })} onClick={() => ask({ action: 'unlock', account: a })}>
            {t('unlock')}
          </button>
        </Show>
      </>
    ),
  }];
}

export default function AccountsPage() {
  const officer = useOfficer();
  const navigate = useNavigate();
  const params = useListParams(FILTERS);
  const query = (): AccountQuery => {
    const p = params.params;
    return {
      q: p.q || undefined, unit: p.unit || undefined,
      kind: p.kind === 'staff' || p.kind === 'officer' ? p.kind : undefined,
      locked: p.locked === 'true' ? true : undefined, page: params.page(), pageSize: 20,
    };
  };
  const [accounts, { refetch }] = createResource(() => ({ ...query(), lang: lang() }), ({ lang: _l, ...q }) => api.officer.accounts(q));
  const [pending, setPending] = createSignal<Pending | null>(null);
  const [notice, setNotice] = createSignal<{ kind: 'success' | 'error'; text: () => string } | null>(null); // words made when shown: they follow a language switch

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
      setNotice({ kind: 'success', text: () => t('unlocked', { username: p.account.username }) });
      void refetch();
    } catch (err) {
      setNotice({ kind: 'error', text: () => errorText(err) });
    }
  }

  return (
    <ListPage
      heading={t('heading')}
      intro={t('intro')}
      actions={
        <Show when={officer.can('admin')}>
          <p class="actions no-print">
            <A class="button" href="/officer/accounts/new">{t('create')}</A>
            <A class="button secondary" href="/officer/accounts/import">{t('import')}</A>
          </p>
        </Show>
      }
      params={params}
      filters={{
        label: t('search'),
        clearable: true,
        fields: (
          <>
            <FilterField name="q" label={t('q')}>
              <input id="q" name="q" type="search" maxLength={100} value={query().q ?? ''} />
            </FilterField>
            <UnitFilter label={t('unit')} selected={query().unit} />
            <SelectFilter name="kind" label={t('kind')} all={t('kind.all')} options={KINDS} selected={query().kind} text={(k) => t(`kind.${k}`)} />
            <label class={cx('checkbox', list.filterCheck)}>
              <input type="checkbox" name="locked" value="true" checked={query().locked === true} />
              {t('lockedOnly')}
            </label>
          </>
        ),
      }}
      status={<Show when={notice()}>{(n) => <FormAlert kind={n().kind}>{n().text()}</FormAlert>}</Show>}
      list={accounts}
      retry={refetch}
      caption={t('caption')}
      empty={t('empty')}
      columns={columns(officer.can('admin'), setPending)}
      rowData={(a) => ({ 'data-username': a.username })}
    >
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
    </ListPage>
  );
}
