/**
 * Accounts from a CSV file: the format documented on the page, every row checked by
 * the server, all or nothing; problems listed by row and column.
 */
import { createSignal, For, Show } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { fieldErrorText } from '../../components/field-messages.ts';
import { FormAlert } from '../../components/Form.tsx';
import { api, ApiError } from '../../lib/api.ts';
import { t as common } from '../messages.ts';
import { useOfficer } from '../session.ts';
import { errorText, TableScroll } from '../ui.tsx';
import ui from '../ui.module.css';
import { AccountsHeading } from './AccountsHeading.tsx';
import { t } from './messages.ts';
import { holdSlips } from './slip-store.ts';
import styles from './ImportPage.module.css';

const COLUMNS = [
  { name: 'unit_code', required: true },
  { name: 'username', required: false },
  { name: 'display_name', required: false },
  { name: 'legacy_token', required: false },
] as const;

const EXAMPLE = `unit_code,username,display_name,legacy_token
0300200000,,นายสมชาย ใจดี,
0300400004,,"นางสาวสมหญิง รักไทย, กองบริหารการคลังภาครัฐ",no
0300500000,A03005000001001,นายปกรณ์ สุขสวัสดิ์,yes`;

type RowProblem = { row: number; field: string; message: string };

/** Excel on Thai Windows saves CSV as Windows-874; anything else here is UTF-8. */
async function readText(file: File): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-874').decode(bytes);
  }
}

function problems(err: ApiError): RowProblem[] {
  return Object.entries(err.fields)
    .map(([key, e]) => {
      const [row = '0', field = '_'] = key.split('.');
      return { row: Number(row), field, message: fieldErrorText(e) ?? e.message };
    })
    .sort((a, b) => a.row - b.row);
}

export default function ImportPage() {
  const officer = useOfficer();
  const navigate = useNavigate();
  const [file, setFile] = createSignal<File | null>(null);
  const [rows, setRows] = createSignal<RowProblem[]>([]);
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setRows([]);
    setError('');
    const f = file();
    if (!f) {
      setError(t('noFile'));
      return;
    }
    setBusy(true);
    try {
      const { created } = await api.officer.importAccounts(await readText(f));
      holdSlips(created);
      navigate('/officer/accounts/slips');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'validation' && Object.keys(err.fields).length) setRows(problems(err));
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page">
      <AccountsHeading heading={t('importHeading')} intro={t('importIntro')} />

      <h2>{t('format')}</h2>
      <p>{t('formatIntro')}</p>
      <TableScroll label={t('format')}>
        <table class={ui.data}>
          <thead><tr><th scope="col">{t('column')}</th><th scope="col">{t('meaning')}</th></tr></thead>
          <tbody>
            <For each={COLUMNS}>
              {(c) => (
                <tr>
                  <th scope="row"><code>{c.name}</code> <span class="muted small">({c.required ? t('required') : t('optional')})</span></th>
                  <td>{t(`col.${c.name}`)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </TableScroll>
      <h3>{t('example')}</h3>
      <pre class={styles.example} tabindex="0">{EXAMPLE}</pre>

      <Show when={officer.can('admin')} fallback={<FormAlert kind="info">{common('adminOnly')}</FormAlert>}>
        <form onSubmit={submit} novalidate class={ui.narrowForm}>
          <Show when={error()}><FormAlert>{error()}</FormAlert></Show>
          <Show when={rows().length}>
            <FormAlert>{t('importFailed', { n: rows().length })}</FormAlert>
            <TableScroll label={t('errorsCaption')}>
              <table class={ui.data}>
                <caption>{t('errorsCaption')}</caption>
                <thead><tr><th scope="col">{t('row')}</th><th scope="col">{t('field')}</th><th scope="col">{t('problem')}</th></tr></thead>
                <tbody>
                  <For each={rows()}>
                    {(p) => (
                      <tr>
                        <td>{p.row}</td>
                        <td>{p.field === '_' ? t('wholeRow') : <code>{p.field}</code>}</td>
                        <td>{p.message}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableScroll>
          </Show>
          <div class="field">
            <label for="csv-file"><span class="required" aria-hidden="true">* </span>{t('file')}</label>
            <input id="csv-file" type="file" accept=".csv,text/csv" required onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
          </div>
          <div class="actions">
            <button type="submit" class="button" disabled={busy()}>{busy() ? t('importing') : t('submitImport')}</button>
          </div>
        </form>
      </Show>
    </section>
  );
}
