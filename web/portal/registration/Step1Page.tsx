/**
 * Step 1: the unit, the national ID (checked here, decided by the server),
 * the appointment PDF when required, the PDPA consent; then ยืนยันการลงทะเบียน.
 * Nothing typed or chosen is lost when the server refuses.
 */
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { api, ApiError, type FieldErrors } from '../../lib/api.ts';
import { fieldErrorText, localFieldError, type FieldError } from '../../components/field-messages.ts';
import { FormAlert, TextField } from '../../components/Form.tsx';
import { lang } from '../../lib/i18n.ts';
import { nationalIdProblem, normaliseNationalId } from '../../lib/national-id.ts';
import { t } from './messages.ts';
import { StepGuard, SubWizard, UnitSummary } from './RegistrationLayout.tsx';
import { useRegistration } from './state.ts';
import { cx } from '../../lib/cx.ts';
import styles from './Step1Page.module.css';

const MAX_PDF_BYTES = 10 * 1024 * 1024;

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export default function Step1Page() {
  const store = useRegistration();
  const reg = () => store.data()!;
  return (
    <StepGuard when={reg().steps[0] === 'start'} done={reg().steps[0] === 'done'}>
      <Step1Form />
    </StepGuard>
  );
}

function Step1Form() {
  const store = useRegistration();
  const navigate = useNavigate();
  const reg = () => store.data()!;
  const [consent] = createResource(() => api.registration.consent());
  const [nationalId, setNationalId] = createSignal('');
  const [file, setFile] = createSignal<File | null>(null);
  const [accepted, setAccepted] = createSignal(false);
  const [errors, setErrors] = createSignal<FieldErrors>({});
  // The error itself, not its text: the banner follows a language switch.
  const [formError, setFormError] = createSignal<ApiError>();
  const [busy, setBusy] = createSignal(false);
  let fileInput!: HTMLInputElement;

  const setFieldError = (name: string, error: FieldError | undefined) =>
    setErrors((prev) => {
      const next = { ...prev };
      if (error) next[name] = error;
      else delete next[name];
      return next;
    });

  function checkNationalId() {
    const problem = nationalIdProblem(nationalId());
    setFieldError('nationalId', problem ? localFieldError(problem) : undefined);
    return !problem;
  }

  function chooseFile(chosen: File | undefined) {
    if (!chosen) return;
    if (chosen.size > MAX_PDF_BYTES) {
      setFieldError('file', localFieldError('pdf_too_large'));
      fileInput.value = '';
      return;
    }
    if (chosen.type && chosen.type !== 'application/pdf') {
      setFieldError('file', localFieldError('pdf_invalid'));
      fileInput.value = '';
      return;
    }
    setFile(chosen);
    setFieldError('file', undefined);
  }

  function removeFile() {
    setFile(null);
    fileInput.value = '';
  }

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setFormError(undefined);
    const local: FieldErrors = {};
    const idProblem = nationalIdProblem(nationalId());
    if (idProblem) local.nationalId = localFieldError(idProblem);
    if (reg().appointmentRequired && !file()) local.file = localFieldError('pdf_required');
    if (!accepted()) local.consent = localFieldError('consent_required');
    setErrors(local);
    if (Object.keys(local).length) {
      focusFirstError(local);
      return;
    }
    setBusy(true);
    try {
      await api.registration.step1({ nationalId: normaliseNationalId(nationalId()), consent: accepted(), file: file() });
      await store.refresh();
      navigate('/register/proofing');
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length) {
        setErrors(err.fields);
        focusFirstError(err.fields);
      } else {
        setFormError(err instanceof ApiError ? err : new ApiError(0, 'unexpected', String(err)));
      }
      if (err instanceof ApiError && err.code === 'already_registered') void store.refresh();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page" aria-labelledby="step1-heading">
      <SubWizard current={1} />
      <h1 id="step1-heading">{t('formHeading')}</h1>
      <form onSubmit={submit} novalidate>
        <UnitSummary />

        <div class="form-grid">
          <TextField
            id="nationalId"
            class="span-2"
            label={t('step1.nationalId')}
            required
            value={nationalId()}
            onBlur={() => {
              if (nationalId()) checkNationalId();
            }}
            onInput={(v) => {
              setNationalId(v);
              // Re-check as they type only once an error is showing, so it clears as soon as it is right.
              if (errors().nationalId) checkNationalId();
            }}
            inputMode="numeric"
            maxLength={17}
            autocomplete="off"
            hint={t('step1.nationalIdHint')}
            error={errors().nationalId}
          />
        </div>

        <Switch>
          <Match when={reg().appointmentRequired}>
            <div class={cx('field', styles.upload)} classList={{ 'has-error': Boolean(errors().file) }}>
              <input
                ref={fileInput}
                id="file"
                class="visually-hidden file-input"
                type="file"
                accept="application/pdf,.pdf"
                aria-describedby={`file-hint${errors().file ? ' file-error' : ''}`}
                aria-invalid={errors().file ? 'true' : undefined}
                onChange={(e) => chooseFile(e.currentTarget.files?.[0])}
              />
              <label for="file" class="button secondary upload-button">
                <span aria-hidden="true">+&nbsp;</span>{t('step1.upload')}
              </label>
              <p class="field-hint" id="file-hint">{t('step1.uploadHint')}</p>
              <p class="file-chosen">
                <Show when={file()} fallback={<span class="muted">{t('step1.noFile')}</span>}>
                  {(f) => (
                    <>
                      <span>{t('step1.chosen', { name: f().name, size: formatSize(f().size) })}</span>{' '}
                      <button type="button" class="link-button" onClick={removeFile}>{t('step1.removeFile')}</button>
                    </>
                  )}
                </Show>
              </p>
              <Show when={errors().file}>
                <p class="field-error" id="file-error">{fieldErrorText(errors().file)}</p>
              </Show>
            </div>
          </Match>
          <Match when={true}>
            <FormAlert kind="info">{t('step1.uploadOptional')}</FormAlert>
          </Match>
        </Switch>

        <Show when={t('step1.consentThai')}>
          <p class="muted">{t('step1.consentThai')}</p>
        </Show>
        {/* `consent` stays as a hook for browser tests. */}
        <section class={cx('consent', styles.consent)} aria-labelledby="consent-heading" lang="th">
          <Switch>
            <Match when={consent.state === 'errored'}>
              <FormAlert>{t('step1.consentFailed')}</FormAlert>
            </Match>
            <Match when={consent.state === 'ready'}>
              <p class={styles.org}>{t('step1.consentOrg')}</p>
              <h2 id="consent-heading">{consent()!.title}</h2>
              <p>{consent()!.intro}</p>
              <p>{consent()!.lead}</p>
              <ol>
                <For each={consent()!.items}>{(item) => <li>{item}</li>}</For>
              </ol>
              <div class="field" classList={{ 'has-error': Boolean(errors().consent) }}>
                <label class="checkbox" for="consent">
                  <input
                    id="consent"
                    type="checkbox"
                    checked={accepted()}
                    aria-invalid={errors().consent ? 'true' : undefined}
                    aria-describedby={errors().consent ? 'consent-error' : undefined}
                    onChange={(e) => {
                      setAccepted(e.currentTarget.checked);
                      if (e.currentTarget.checked) setFieldError('consent', undefined);
                    }}
                  />
                  <span><span class="required" aria-hidden="true">* </span>{consent()!.accept}</span>
                </label>
                <Show when={errors().consent}>
                  <p class="field-error" id="consent-error" lang={lang()}>{fieldErrorText(errors().consent)}</p>
                </Show>
              </div>
            </Match>
            <Match when={true}>
              <p class="loading" id="consent-heading">{t('step1.consentLoading')}</p>
            </Match>
          </Switch>
        </section>

        <Show when={formError()}>
          {(error) => <FormAlert>{fieldErrorText(error())}</FormAlert>}
        </Show>

        <div class="actions center">
          <button type="submit" class="button" disabled={busy() || consent.state !== 'ready'}>
            <Show when={busy()}><span class="spinner" aria-hidden="true" /></Show>
            {t('step1.submit')}
          </button>
          <button type="button" class="button secondary" onClick={() => navigate('/register')}>{t('step1.cancel')}</button>
        </div>
      </form>
    </section>
  );
}

function focusFirstError(fields: FieldErrors) {
  const first = ['nationalId', 'file', 'consent'].find((name) => fields[name]);
  if (first) queueMicrotask(() => document.getElementById(first)?.focus());
}
