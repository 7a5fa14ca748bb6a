/**
 * แบบคำร้องขอใช้บริการ Soft Token on the web: the manual's four parts, one purpose,
 * checks under each field as the person types (the server decides), nothing lost when it
 * refuses. No login: the phone may be lost. Saving gives a tracking number.
 */
import { createEffect, createResource, createSignal, For, Match, on, onCleanup, Show, Switch, type JSX } from 'solid-js';
import { createStore } from 'solid-js/store';
import { A, useNavigate } from '@solidjs/router';
import { fieldErrorText, localFieldError } from '../../components/field-messages.ts';
import { FormAlert, ReadOnlyField, TextField } from '../../components/Form.tsx';
import { api, ApiError, type FieldErrors, type HolderReason, type ServicePurpose, type Unit } from '../../lib/api.ts';
import { lang } from '../../lib/i18n.ts';
import {
  checkField, dropDraft, fieldId, firstError, loadDraft, saveDraft, toInput, validateDraft, type Draft, type FieldKey,
} from './form-model.ts';
import { cx } from '../../lib/cx.ts';
import { errorText } from '../../lib/error-text.ts';
import { t } from './messages.ts';
import page from './service-request.module.css';
import styles from './FormPage.module.css';

/** The manual's order: the left column of part 3, then the change of holder and of email. */
export const PURPOSES: readonly ServicePurpose[] = ['reset_password', 'change_phone', 'lost_phone', 'other', 'change_holder', 'change_email'];
export const HOLDER_REASONS: readonly HolderReason[] = ['resigned', 'moved', 'other'];

/** What the banner above the buttons says: kept as what happened, not as text, so it follows the language switch. */
type Problem = { kind: 'invalid' } | { kind: 'failed'; error: unknown };

type UnitLookup = { state: 'found'; unit: Unit } | { state: 'unknown' } | { state: 'failed' };

async function lookUpUnit(code: string): Promise<UnitLookup> {
  try {
    return { state: 'found', unit: await api.public.unit(code) };
  } catch (err) {
    return err instanceof ApiError && err.status === 404 ? { state: 'unknown' } : { state: 'failed' };
  }
}

export default function FormPage() {
  const navigate = useNavigate();
  const [draft, setDraft] = createStore<Draft>(loadDraft());
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const [problem, setProblem] = createSignal<Problem>();
  const [busy, setBusy] = createSignal(false);
  const [offline, setOffline] = createSignal(!navigator.onLine);
  const goneOffline = () => setOffline(true);
  const backOnline = () => setOffline(false);
  window.addEventListener('offline', goneOffline);
  window.addEventListener('online', backOnline);
  onCleanup(() => {
    window.removeEventListener('offline', goneOffline);
    window.removeEventListener('online', backOnline);
  });
  const [options, { refetch: refetchOptions }] = createResource(() => api.serviceRequests.options());
  const validCode = () => (/^\d{10}$/.test(draft.unitCode.trim()) ? draft.unitCode.trim() : undefined);
  const [unit] = createResource(validCode, lookUpUnit);

  createEffect(() => saveDraft(JSON.parse(JSON.stringify(draft)) as Draft));

  // A found unit fills in its department and ministry when the person has not typed them yet.
  createEffect(on(() => unit.state === 'ready' ? unit() : undefined, (found) => {
    if (found?.state !== 'found') return;
    if (!draft.department.trim()) setDraft('department', found.unit.department);
    if (!draft.ministry.trim()) setDraft('ministry', found.unit.ministry);
  }));

  const unitUnknown = () => Boolean(validCode()) && unit.state === 'ready' && unit()?.state === 'unknown';
  const unitError = () => errors().unitCode ?? (unitUnknown() ? localFieldError('unit_unknown') : undefined);

  // The summary under the form goes away once every field is right again.
  createEffect(() => {
    if (problem()?.kind === 'invalid' && !Object.keys(errors()).length && !unitUnknown()) setProblem(undefined);
  });

  function setFieldError(key: string, error: FieldErrors[string] | undefined) {
    setErrors((prev) => {
      const next = { ...prev };
      if (error) next[key] = error;
      else delete next[key];
      return next;
    });
  }

  /** Re-check as they type only a field already showing an error, so it clears as soon as it is right. */
  function update<K extends keyof Draft>(prop: K, value: Draft[K], key?: FieldKey) {
    setDraft(prop, value);
    if (key && errors()[key]) setFieldError(key, checkField(draft, key));
    // The username's unit must follow a changed unit code.
    if (prop === 'unitCode' && errors().username) setFieldError('username', checkField(draft, 'username'));
  }

  function blur(key: FieldKey, prop: keyof Draft) {
    if (String(draft[prop]).trim()) setFieldError(key, checkField(draft, key));
  }

  function choosePurpose(purpose: ServicePurpose) {
    setDraft('purpose', purpose);
    // Errors of another purpose's answers no longer apply.
    setErrors((prev) => {
      const next = { ...prev };
      for (const k of ['purpose', 'otherText', 'holderReason', 'holderReasonText', 'newHolderEmail', 'newEmail']) delete next[k];
      return next;
    });
  }

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setProblem(undefined);
    const local = validateDraft(draft);
    if (!local.unitCode && unitUnknown()) local.unitCode = localFieldError('unit_unknown');
    setErrors(local);
    if (Object.keys(local).length) {
      setProblem({ kind: 'invalid' });
      focusField(firstError(local));
      return;
    }
    // Offline nothing is sent: the notice says so and the typing stays (saved in this tab) for later.
    if (!navigator.onLine) {
      setOffline(true);
      return;
    }
    setBusy(true);
    try {
      const created = await api.serviceRequests.create(toInput(draft));
      dropDraft();
      navigate(`/service-request/${created.trackingNumber}`, { state: { created: true } });
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length) {
        setErrors(err.fields);
        setProblem({ kind: 'invalid' });
        focusField(firstError(err.fields));
      } else {
        setProblem({ kind: 'failed', error: err });
      }
    } finally {
      setBusy(false);
    }
  }

  const field: FieldFn = (key, prop, label, more = {}) => (
    <TextField
      id={fieldId(key)}
      label={label}
      required
      maxLength={200}
      value={draft[prop]}
      onInput={(v) => update(prop, v, key)}
      onBlur={() => blur(key, prop)}
      error={errors()[key]}
      {...more}
    />
  );

  return (
    <section class={cx('page', page.page)} aria-labelledby="sr-heading">
      <h1 id="sr-heading">{t('heading')}</h1>
      <p class="lead">{t('intro')}</p>
      <p><A href="/service-request/status">{t('haveTracking')}</A></p>
      <p class="muted small">{t('requiredNote')}</p>

      <form onSubmit={submit} novalidate>
        <fieldset class={styles.part}>
          <legend><PartNo n={1} />{t('part1')}</legend>
          <div class="form-grid">
            {field('unitCode', 'unitCode', t('unitCode'), { inputMode: 'numeric', maxLength: 10, hint: t('unitCodeHint'), error: unitError() })}
            <div class="span-2">
              <ReadOnlyField id="unitName" label={t('unitName')} value={unitNameText(unit.loading, unit.state === 'ready' ? unit() : undefined, Boolean(validCode()))} />
            </div>
          </div>
        </fieldset>

        <fieldset class={styles.part}>
          <legend><PartNo n={2} />{t('part2')}</legend>
          <div class="form-grid">
            {field('requester.name', 'name', t('name'), { class: 'span-2', autocomplete: 'name' })}
            {field('requester.nationalId', 'nationalId', t('nationalId'), { inputMode: 'numeric', maxLength: 17, hint: t('nationalIdHint') })}
            {field('requester.email', 'email', t('email'), { type: 'email', inputMode: 'email', maxLength: 254, autocomplete: 'email', hint: t('emailHint'), class: 'span-2' })}
            {field('requester.mobile', 'mobile', t('mobile'), { type: 'tel', inputMode: 'tel', maxLength: 12, autocomplete: 'tel', hint: t('mobileHint') })}
            {field('requester.division', 'division', t('division'), { class: 'span-2' })}
            {field('requester.department', 'department', t('department'), { class: 'span-2' })}
            {field('requester.ministry', 'ministry', t('ministry'))}
            {field('username', 'username', t('username'), { maxLength: 15, hint: t('usernameHint'), class: 'span-2' })}
          </div>
        </fieldset>

        <fieldset class={styles.part} aria-describedby={errors().purpose ? 'purpose-hint purpose-error' : 'purpose-hint'}>
          <legend><PartNo n={3} />{t('part3')} <span class="required" aria-hidden="true">*</span></legend>
          <p class="field-hint" id="purpose-hint">{t('purposeHint')}</p>
          <Switch>
            <Match when={options.state === 'errored'}>
              <FormAlert>
                <p>{t('optionsFailed')}</p>
                <button type="button" class="button small secondary" onClick={() => void refetchOptions()}>{t('retry')}</button>
              </FormAlert>
            </Match>
            <Match when={options.state === 'ready' && options()}>
              {(opts) => (
                <div class={styles.purposes} role="radiogroup" aria-labelledby="sr-purpose-label" aria-required="true">
                  <span id="sr-purpose-label" class="visually-hidden">{t('part3')}</span>
                  <For each={PURPOSES}>
                    {(purpose, i) => (
                      <div class={cx(styles.purpose, draft.purpose === purpose && styles.chosen)}>
                        <label class={cx('checkbox', styles.choice)}>
                          <input
                            id={i() === 0 ? 'purpose' : `purpose-${purpose}`}
                            type="radio"
                            name="purpose"
                            value={purpose}
                            checked={draft.purpose === purpose}
                            aria-invalid={errors().purpose ? 'true' : undefined}
                            onChange={() => choosePurpose(purpose)}
                          />
                          <span>
                            {opts().purposes[purpose][lang()]}
                            <Show when={purpose === 'reset_password'}> <span class="muted">{t('resetNote')}</span></Show>
                          </span>
                        </label>
                        <Show when={draft.purpose === purpose}>
                          <PurposeAnswers purpose={purpose} draft={draft} errors={errors()} field={field} update={update} reasonLabel={(r) => opts().holderReasons[r][lang()]} />
                        </Show>
                      </div>
                    )}
                  </For>
                </div>
              )}
            </Match>
            <Match when={true}>
              <p class="loading">{t('optionsLoading')}</p>
            </Match>
          </Switch>
          <Show when={errors().purpose}>
            <p class="field-error" id="purpose-error">{fieldErrorText(errors().purpose)}</p>
          </Show>
        </fieldset>

        <fieldset class={cx(styles.part, styles.officers)}>
          <legend><PartNo n={4} />{t('part4')}</legend>
          <p class="muted">{t('part4Note')}</p>
        </fieldset>

        <FormAlert kind="info">{t('signNote')}</FormAlert>
        <Show when={problem()}>
          {(p) => <FormAlert>{problemText(p())}</FormAlert>}
        </Show>
        <Show when={offline()}>
          <div class="notice notice-warning" role="alert" data-testid="offline">
            <p><strong>{t('offline')}</strong></p>
            <p>{t('offlineKept')}</p>
          </div>
        </Show>
        <div class="actions center">
          <button type="submit" class="button" disabled={busy()}>
            <Show when={busy()}><span class="spinner" aria-hidden="true" /></Show>
            {busy() ? t('submitting') : t('submit')}
          </button>
          <A class="button secondary" href="/">{t('toLogin')}</A>
        </div>
      </form>
    </section>
  );
}

function problemText(p: Problem): string {
  return p.kind === 'invalid' ? t('invalidForm') : errorText(p.error);
}

/** The manual's numbered part; a screen reader hears "ส่วนที่ 1". */
function PartNo(props: { n: number }) {
  return <span class={styles.partNo}><span class="visually-hidden">{t('part', { n: '' })}</span>{props.n}</span>;
}

function unitNameText(loading: boolean, lookup: UnitLookup | undefined, complete: boolean): string {
  if (!complete) return t('unitPending');
  if (loading) return t('unitLooking');
  if (lookup?.state === 'found') return lookup.unit.name;
  if (lookup?.state === 'failed') return t('unitLookupFailed');
  return '-';
}

type FieldFn = (key: FieldKey, prop: Exclude<keyof Draft, 'purpose' | 'holderReason'>, label: string, more?: Partial<Parameters<typeof TextField>[0]>) => JSX.Element;

/** A purpose's own answers, under its choice: what "other" is, who the holder was and the new emails. */
function PurposeAnswers(props: {
  purpose: ServicePurpose; draft: Draft; errors: FieldErrors; field: FieldFn;
  update: <K extends keyof Draft>(prop: K, value: Draft[K], key?: FieldKey) => void;
  reasonLabel: (r: HolderReason) => string;
}) {
  return (
    <div class={styles.answers}>
      <Switch>
        <Match when={props.purpose === 'other'}>
          {props.field('otherText', 'otherText', t('otherText'), { maxLength: 500 })}
        </Match>
        <Match when={props.purpose === 'change_holder'}>
          <fieldset class={styles.holderReason} aria-describedby={props.errors.holderReason ? 'holderReason-error' : undefined}>
            <legend><span class="required" aria-hidden="true">* </span>{t('holderReason')}</legend>
            <For each={HOLDER_REASONS}>
              {(reason, i) => (
                <label class={cx('checkbox', styles.choice, styles.reason)}>
                  <input
                    id={i() === 0 ? 'holderReason' : `holderReason-${reason}`}
                    type="radio"
                    name="holderReason"
                    value={reason}
                    checked={props.draft.holderReason === reason}
                    aria-invalid={props.errors.holderReason ? 'true' : undefined}
                    onChange={() => props.update('holderReason', reason, 'holderReason')}
                  />
                  <span>{props.reasonLabel(reason)}</span>
                </label>
              )}
            </For>
            <Show when={props.errors.holderReason}>
              <p class="field-error" id="holderReason-error">{fieldErrorText(props.errors.holderReason)}</p>
            </Show>
            <Show when={props.draft.holderReason === 'other'}>
              {props.field('holderReasonText', 'holderReasonText', t('holderReasonText'), { maxLength: 500 })}
            </Show>
          </fieldset>
          {props.field('newHolderEmail', 'newHolderEmail', t('newHolderEmail'), { type: 'email', inputMode: 'email', maxLength: 254, hint: t('newHolderEmailHint') })}
        </Match>
        <Match when={props.purpose === 'change_email'}>
          {props.field('newEmail', 'newEmail', t('newEmail'), { type: 'email', inputMode: 'email', maxLength: 254, hint: t('newEmailHint') })}
        </Match>
      </Switch>
    </div>
  );
}

function focusField(key: string | undefined) {
  if (!key) return;
  queueMicrotask(() => document.getElementById(fieldId(key))?.focus());
}
