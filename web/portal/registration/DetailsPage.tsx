/**
 * Step 3, form (R-3.5 … ): ส่วนที่ 1 with the proven fields read-only and the current
 * address, phones and verified email; ส่วนที่ 2 the position and workplace. ขั้นตอนถัดไป
 * saves both parts and opens the review; เริ่มต้นใหม่ clears them after a confirmation.
 */
import { createEffect, createSignal, on, Show } from 'solid-js';
import { createStore, unwrap } from 'solid-js/store';
import { useNavigate } from '@solidjs/router';
import { api, ApiError, type FieldErrors } from '../../lib/api.ts';
import { AddressFields } from '../../components/AddressFields.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { fieldErrorText, localFieldError, nestedErrors } from '../../components/field-messages.ts';
import { FormAlert, TextField } from '../../components/Form.tsx';
import { cx } from '../../lib/cx.ts';
import { lang } from '../../lib/i18n.ts';
import { birthDateParts } from '../../lib/thai-date.ts';
import { clearDraft, draftFromServer, loadDraft, storeDraft, toPersonal, toWorkplace, type DetailsDraft } from './draft.ts';
import { EmailVerification, normaliseEmail } from './EmailVerification.tsx';
import { providerIn } from '../../proofing/messages.tsx';
import { DataList } from './DataList.tsx';
import { t } from './messages.ts';
import { StepGuard, SubWizard, UnitSummary } from './RegistrationLayout.tsx';
import { useRegistration } from './state.ts';
import styles from './DetailsPage.module.css';

export default function DetailsPage() {
  const store = useRegistration();
  const step = () => store.data()!.steps[2];
  return (
    <StepGuard when={step() === 'start'} done={step() === 'done'}>
      <DetailsForm />
    </StepGuard>
  );
}

/** A name or date from its parts, skipping the empty ones. */
const joined = (...parts: Array<string | null | undefined>) => parts.filter(Boolean).join(' ');

type Errors = { personal: FieldErrors; workplace: FieldErrors; email?: FieldErrors[string] };

function DetailsForm() {
  const store = useRegistration();
  const navigate = useNavigate();
  const reg = () => store.data()!;
  const registrationId = reg().registrationId!;
  const restored = loadDraft(registrationId);
  const [draft, setDraft] = createStore<DetailsDraft>(restored ?? draftFromServer(reg()));
  const [touched, setTouched] = createSignal(false);
  const [errors, setErrors] = createSignal<Errors>({ personal: {}, workplace: {} });
  // A code or the error itself, not its text: the banner follows a language switch.
  const [formError, setFormError] = createSignal<ApiError | 'invalidForm'>();
  const [saving, setSaving] = createSignal(false);
  const [confirmReset, setConfirmReset] = createSignal(false);
  const [editingEmail, setEditingEmail] = createSignal(false);

  // Keep what is typed across a reload, but only once the person has typed something.
  createEffect(on(() => JSON.stringify(draft), (json) => {
    if (touched()) storeDraft(registrationId, JSON.parse(json) as DetailsDraft);
  }));

  const edit = <P extends 'personal' | 'workplace'>(part: P, values: Partial<DetailsDraft[P]>) => {
    setTouched(true);
    setDraft(part, (prev) => ({ ...prev, ...values }));
    // Editing a field clears its message; the next save checks it again.
    setErrors((prev) => {
      const fields = { ...prev[part] };
      for (const name of Object.keys(values)) delete fields[part === 'personal' && name !== 'mobile' && name !== 'phone' ? `address.${name}` : name];
      return { ...prev, [part]: fields };
    });
  };

  const proven = () => reg().details?.proven ?? null;
  const birth = () => birthDateParts(proven()?.birthDate ?? null, lang());
  const personalErrors = () => ({ ...errors().personal, ...nestedErrors(errors().personal, 'address') });
  const emailVerified = () => {
    const d = reg().details;
    return Boolean(d?.emailVerified && d.email && d.email === normaliseEmail(draft.email) && !editingEmail());
  };

  async function next(e: SubmitEvent) {
    e.preventDefault();
    setFormError(undefined);
    setErrors({ personal: {}, workplace: {}, email: emailVerified() ? undefined : localFieldError('email_not_verified') });
    setSaving(true);
    try {
      const [personal, workplace] = await Promise.allSettled([
        api.registration.savePersonal(toPersonal(unwrap(draft.personal))),
        api.registration.saveWorkplace(toWorkplace(unwrap(draft.workplace))),
      ]);
      const problems: ApiError[] = [];
      for (const [part, result] of [['personal', personal], ['workplace', workplace]] as const) {
        if (result.status === 'fulfilled') continue;
        const err: unknown = result.reason;
        if (err instanceof ApiError && Object.keys(err.fields).length) setErrors((prev) => ({ ...prev, [part]: err.fields }));
        else problems.push(err instanceof ApiError ? err : new ApiError(0, 'unexpected', String(err)));
      }
      if (problems.length) setFormError(problems[0]);
      else if (personal.status === 'rejected' || workplace.status === 'rejected' || !emailVerified()) setFormError('invalidForm');
      if (personal.status === 'fulfilled' && workplace.status === 'fulfilled' && emailVerified()) {
        clearDraft(registrationId);
        await store.refresh();
        navigate('/register/review');
        return;
      }
      queueMicrotask(focusFirstInvalid);
    } finally {
      setSaving(false);
    }
  }

  async function reset() {
    setConfirmReset(false);
    setFormError(undefined);
    try {
      await api.registration.reset();
      clearDraft(registrationId);
      setTouched(false);
      await store.refresh();
      setDraft(draftFromServer(reg()));
      setErrors({ personal: {}, workplace: {}, email: undefined });
    } catch (err) {
      setFormError(err instanceof ApiError ? err : new ApiError(0, 'unexpected', String(err)));
    }
  }

  return (
    <section class="page" aria-labelledby="details-heading">
      <SubWizard current={2} />
      <h1 id="details-heading">{t('formHeading')}</h1>
      <UnitSummary />
      <Show when={restored}>
        <FormAlert kind="info">{t('draftRestored')}</FormAlert>
      </Show>
      <p class="muted">{t('requiredNote')}</p>

      <form onSubmit={next} novalidate>
        <fieldset>
          <legend>{t('part1')}</legend>
          <p class="muted">{t('provenNote', { provider: providerIn(reg()) })}</p>
          {/* Read-only, so a short list rather than a dozen inputs to tab through; `proven` stays as a hook for browser tests. */}
          <DataList
            class={cx('proven', styles.proven)}
            rows={[
              [t('nationalId'), proven()?.nationalId ?? reg().nationalId],
              [t('fullNameTh'), joined(proven()?.title, proven()?.firstNameTh, proven()?.middleNameTh, proven()?.lastNameTh)],
              [t('fullNameEn'), joined(proven()?.titleEn, proven()?.firstNameEn, proven()?.middleNameEn, proven()?.lastNameEn)],
              [t('birthDate'), birth() && joined(birth()!.day, birth()!.month, birth()!.yearBe)],
            ]}
          />

          <fieldset class={styles.inner}>
            <legend>{t('currentAddress')}</legend>
            <Show when={proven()?.address}>
              {(address) => <p class="muted">{t('provenAddress', { address: address().formatted })}</p>}
            </Show>
            <div class="form-grid">
              <TextField
                id="personal-line1"
                class="span-2"
                label={t('line1')}
                required
                maxLength={200}
                value={draft.personal.line1}
                onInput={(v) => edit('personal', { line1: v })}
                error={personalErrors().line1}
              />
              <TextField
                id="personal-line2"
                class="span-2"
                label={t('line2')}
                maxLength={200}
                value={draft.personal.line2}
                onInput={(v) => edit('personal', { line2: v })}
                error={personalErrors().line2}
              />
            </div>
            <div class="form-grid cols-4">
              <AddressFields
                idPrefix="personal"
                required
                value={draft.personal}
                onChange={(a) => edit('personal', a)}
                errors={personalErrors()}
              />
            </div>
          </fieldset>

          <div class="form-grid">
            <TextField
              id="personal-mobile"
              label={t('mobile')}
              type="tel"
              inputMode="tel"
              autocomplete="tel"
              required
              maxLength={20}
              value={draft.personal.mobile}
              onInput={(v) => edit('personal', { mobile: v })}
              hint={t('mobileHint')}
              error={personalErrors().mobile}
            />
            <TextField
              id="personal-phone"
              label={t('phone')}
              type="tel"
              inputMode="tel"
              maxLength={20}
              value={draft.personal.phone}
              onInput={(v) => edit('personal', { phone: v })}
              error={personalErrors().phone}
            />
            <EmailVerification
              email={draft.email}
              onEmail={(email) => {
                setTouched(true);
                setDraft('email', email);
                setErrors((prev) => ({ ...prev, email: undefined }));
              }}
              serverEmail={reg().details?.email ?? null}
              serverVerified={Boolean(reg().details?.emailVerified)}
              onChanged={store.refresh}
              error={errors().email}
              editing={editingEmail()}
              onEditing={(editing) => {
                setEditingEmail(editing);
                if (!editing) setErrors((prev) => ({ ...prev, email: undefined }));
              }}
            />
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('part2')}</legend>
          <div class="form-grid">
            <TextField
              id="work-position"
              label={t('position')}
              required
              maxLength={150}
              value={draft.workplace.position}
              onInput={(v) => edit('workplace', { position: v })}
              error={errors().workplace.position}
            />
            <TextField
              id="work-level"
              label={t('level')}
              required
              maxLength={100}
              value={draft.workplace.level}
              onInput={(v) => edit('workplace', { level: v })}
              error={errors().workplace.level}
            />
          </div>
          <fieldset class={styles.inner}>
            <legend>{t('workAddress')}</legend>
            <div class="form-grid">
              <TextField
                id="work-line1"
                class="span-2"
                label={t('workLine1')}
                required
                maxLength={200}
                value={draft.workplace.line1}
                onInput={(v) => edit('workplace', { line1: v })}
                error={errors().workplace.line1}
              />
            </div>
            <div class="form-grid cols-4">
              <AddressFields
                idPrefix="work"
                required
                value={draft.workplace}
                onChange={(a) => edit('workplace', a)}
                errors={errors().workplace}
              />
            </div>
          </fieldset>
          <div class="form-grid">
            <TextField
              id="work-phone"
              label={t('workPhone')}
              type="tel"
              inputMode="tel"
              maxLength={20}
              value={draft.workplace.phone}
              onInput={(v) => edit('workplace', { phone: v })}
              error={errors().workplace.phone}
            />
            <TextField
              id="work-fax"
              label={t('fax')}
              type="tel"
              inputMode="tel"
              maxLength={20}
              value={draft.workplace.fax}
              onInput={(v) => edit('workplace', { fax: v })}
              error={errors().workplace.fax}
            />
          </div>
        </fieldset>

        <Show when={formError()}>
          {(error) => {
            const shown = error();
            return <FormAlert>{shown === 'invalidForm' ? t('invalidForm') : fieldErrorText(shown)}</FormAlert>;
          }}
        </Show>

        <div class="actions center">
          <button type="button" class="button secondary" onClick={() => setConfirmReset(true)} disabled={saving()}>{t('reset')}</button>
          <button type="submit" class="button" disabled={saving()}>
            <Show when={saving()}><span class="spinner" aria-hidden="true" /></Show>
            {t('next')}
          </button>
        </div>
      </form>

      <ConfirmDialog
        open={confirmReset()}
        title={t('reset.title')}
        confirmLabel={t('reset.confirm')}
        cancelLabel={t('reset.cancel')}
        danger
        onConfirm={() => void reset()}
        onCancel={() => setConfirmReset(false)}
      >
        <p>{t('reset.body')}</p>
      </ConfirmDialog>
    </section>
  );
}

/** Put the cursor in the first field with a message, so the person sees what to fix. */
function focusFirstInvalid() {
  const field = document.querySelector<HTMLElement>('.details [aria-invalid="true"]');
  field?.focus();
  field?.scrollIntoView({ block: 'center' });
}
