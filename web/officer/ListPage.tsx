/**
 * The skeleton of the console's list pages (registrations, service requests, accounts, the
 * audit log): heading, the filters (kept in the address, so back and reload keep them), the
 * table with its loading, error and empty states, and the pager. A page gives its filter
 * fields, its columns and its resource.
 */
import { For, Show, type JSX, type Resource } from 'solid-js';
import { useSearchParams } from '@solidjs/router';
import { Loaded } from '../components/Loaded.tsx';
import type { Paged } from '../lib/api.ts';
import { cx } from '../lib/cx.ts';
import { t } from './messages.ts';
import { Empty, Pager, TableScroll } from './ui.tsx';
import styles from './ListPage.module.css';
import ui from './ui.module.css';

export type Column<T> = {
  header: string;
  /** The heading is for screen readers only (a column of buttons). */
  hiddenHeader?: boolean;
  /** The cells' class (e.g. `mono`) and data attributes. */
  class?: string;
  cellData?: (row: T) => Record<`data-${string}`, string | undefined>;
  cell: (row: T) => JSX.Element;
};

/**
 * The filters named `keys` and the page number, in the address. `read` turns what a field
 * shows into what the address keeps (a day typed as dd/mm/พ.ศ. into YYYY-MM-DD).
 */
export function useListParams<K extends string>(keys: readonly K[], read: Partial<Record<K, (text: string) => string | undefined>> = {}) {
  const [params, setParams] = useSearchParams<Partial<Record<K | 'page', string>>>();
  const blank = () => Object.fromEntries(keys.map((k) => [k, undefined]));
  const text = (form: FormData, k: K) => {
    const value = form.get(k);
    const typed = typeof value === 'string' ? value.trim() || undefined : undefined;
    return typed && read[k] ? read[k](typed) : typed;
  };
  return {
    params,
    page: () => Math.max(1, Number(params.page) || 1),
    /** The filter form's values (blank ones dropped), back to page 1. */
    search: (form: FormData) => setParams({ ...Object.fromEntries(keys.map((k) => [k, text(form, k)])), page: undefined }),
    clear: () => setParams({ ...blank(), page: undefined }),
    setPage: (page: number) => setParams({ page: String(page) }),
  };
}

export type ListParams<K extends string> = ReturnType<typeof useListParams<K>>;

export function ListPage<T, K extends string>(props: {
  heading: string;
  intro: string;
  /** Above the filters (an admin's create and import buttons). */
  actions?: JSX.Element;
  params: ListParams<K>;
  filters: { label: string; fields: JSX.Element; submit?: string; clearable?: boolean };
  /** Between the filters and the table: live-update announcements, notices. */
  status?: JSX.Element;
  list: Resource<Paged<T>>;
  retry: () => void;
  caption: string;
  empty: string;
  columns: ReadonlyArray<Column<T>>;
  /** Attributes a row carries (what tests and scripts find it by). */
  rowData?: (row: T) => Record<`data-${string}`, string | undefined>;
  /** After the list (dialogs). */
  children?: JSX.Element;
}) {
  function submit(e: SubmitEvent & { currentTarget: HTMLFormElement }) {
    e.preventDefault();
    props.params.search(new FormData(e.currentTarget));
  }

  return (
    <section class="page">
      <h1>{props.heading}</h1>
      <p class="lead">{props.intro}</p>
      {props.actions}

      <form class={styles.filters} role="search" aria-label={props.filters.label} onSubmit={submit}>
        <div class="form-grid">{props.filters.fields}</div>
        <div class={cx('actions', styles.filterActions)}>
          <button type="submit" class="button">{props.filters.submit ?? t('filter.search')}</button>
          <Show when={props.filters.clearable}>
            <button type="button" class="button secondary" onClick={() => props.params.clear()}>{t('filter.clear')}</button>
          </Show>
        </div>
      </form>

      {props.status}

      <Loaded resource={props.list} retry={props.retry}>
        {(page) => (
          <Show when={page().items.length} fallback={<Empty>{props.empty}</Empty>}>
            <TableScroll label={props.caption}>
              <table class={cx(ui.data, ui.cards)}>
                <caption class="visually-hidden">{props.caption}</caption>
                <thead>
                  <tr>
                    <For each={props.columns}>
                      {(c) => <th scope="col">{c.hiddenHeader ? <span class="visually-hidden">{c.header}</span> : c.header}</th>}
                    </For>
                  </tr>
                </thead>
                <tbody>
                  <For each={page().items}>
                    {(row) => (
                      <tr {...props.rowData?.(row)}>
                        <For each={props.columns}>
                          {(c) => <td class={c.class} data-label={c.hiddenHeader ? undefined : c.header} {...c.cellData?.(row)}>{c.cell(row)}</td>}
                        </For>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableScroll>
            <Pager total={page().total} page={page().page} pageSize={page().pageSize} onPage={(p) => props.params.setPage(p)} />
          </Show>
        )}
      </Loaded>
      {props.children}
    </section>
  );
}
