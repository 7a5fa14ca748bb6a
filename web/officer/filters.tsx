/**
 * The filter fields the console's list pages share (inside `ListPage`'s filter form): a
 * control's id and name are the filter's key in the address, its value what the address holds.
 */
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api } from '../lib/api.ts';
import { formatDayBe, parseDayBe } from '../lib/thai-date.ts';
import { t } from './messages.ts';

/** One filter: its label and control (whose id is `name`). */
export function FilterField(props: { name: string; label: string; children: JSX.Element }) {
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      {props.children}
    </div>
  );
}

/** A filter chosen from a list; `all`, when given, is the first, empty choice. */
export function SelectFilter<T>(props: {
  name: string;
  label: string;
  options: readonly T[];
  selected: string | undefined;
  text: (option: T) => string;
  /** The option's value (the option itself by default). */
  value?: (option: T) => string;
  all?: string;
}) {
  const value = (o: T) => (props.value ? props.value(o) : String(o));
  return (
    <FilterField name={props.name} label={props.label}>
      <select id={props.name} name={props.name}>
        <Show when={props.all !== undefined}><option value="">{props.all}</option></Show>
        <For each={props.options}>{(o) => <option value={value(o)} selected={props.selected === value(o)}>{props.text(o)}</option>}</For>
      </select>
    </FilterField>
  );
}

/** The disbursing unit, all units first. */
export function UnitFilter(props: { label: string; selected: string | undefined }) {
  const [units] = createResource(() => api.officer.units());
  return (
    <SelectFilter name="unit" label={props.label} all={t('filter.allUnits')} options={units.latest ?? []}
      value={(u) => u.code} text={(u) => `${u.code} ${u.name}`} selected={props.selected} />
  );
}

/** The address keeps a day as YYYY-MM-DD; the fields show and take dd/mm/พ.ศ. (pass to useListParams). */
export const DAY_PARAMS = { from: (text: string) => parseDayBe(text) ?? undefined, to: (text: string) => parseDayBe(text) ?? undefined };

/** A day typed as Thai forms write it (dd/mm/พ.ศ.); the form will not search with a day that is not one. */
function DayField(props: { name: 'from' | 'to'; label: string; value: string | undefined }) {
  const [invalid, setInvalid] = createSignal(false);
  const hint = `${props.name}-hint`;
  const error = `${props.name}-error`;
  function check(input: HTMLInputElement) {
    const typed = input.value.trim();
    // Only a flag here: the words render from the current language below.
    input.setCustomValidity(typed && !parseDayBe(typed) ? 'invalid' : '');
    if (input.validity.valid) setInvalid(false);
  }
  return (
    <FilterField name={props.name} label={props.label}>
      <input id={props.name} name={props.name} inputmode="numeric" autocomplete="off" maxLength={10}
        value={props.value ? formatDayBe(props.value) : ''} aria-invalid={invalid() ? 'true' : undefined}
        aria-describedby={invalid() ? `${error} ${hint}` : hint}
        onInput={(e) => check(e.currentTarget)}
        onInvalid={(e) => { e.preventDefault(); setInvalid(true); e.currentTarget.focus(); }} />
      <p class="field-hint" id={hint}>{t('filter.dayHint')}</p>
      <Show when={invalid()}><p class="field-error" id={error}>{t('filter.dayInvalid')}</p></Show>
    </FilterField>
  );
}

/** The first and last day (`from`, `to`) of a filter. */
export function DateRangeFilter(props: { fromLabel: string; toLabel: string; from: string | undefined; to: string | undefined }) {
  return (
    <>
      <DayField name="from" label={props.fromLabel} value={props.from} />
      <DayField name="to" label={props.toLabel} value={props.to} />
    </>
  );
}

const SORTS = ['oldest', 'newest'] as const;

/** Longest waiting first, or newest first. */
export function SortFilter(props: { label: string; selected: string | undefined; text: (sort: (typeof SORTS)[number]) => string }) {
  return <SelectFilter name="sort" label={props.label} options={SORTS} selected={props.selected} text={props.text} />;
}
