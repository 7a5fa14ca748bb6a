/**
 * Step 3, review: everything read-only as saved, then ยืนยันข้อมูล submits for
 * approval or กลับไปแก้ไขข้อมูล goes back to the form.
 */
import { createSignal, For, Show } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { api, ApiError } from '../../lib/api.ts';
import { fieldErrorText } from '../../components/field-messages.ts';
import { FormAlert } from '../../components/Form.tsx';
import { lang } from '../../lib/i18n.ts';
import { birthDateParts } from '../../lib/thai-date.ts';
import { DataList } from './DataList.tsx';
import { t } from './messages.ts';
import { StepGuard, SubWizard, UnitSummary } from './RegistrationLayout.tsx';
import { useRegistration } from './state.ts';
import styles from './ReviewPage.module.css';

export default function ReviewPage() {
  const store = useRegistration();
  const step = () => store.data()!.steps[2];
  return (
    <StepGuard when={step() === 'start'} done={step() === 'done'}>
      <Review />
    </StepGuard>
  );
}

function Review() {
  const store = useRegistration();
  const navigate = useNavigate();
  const details = () => store.data()!.details;
  const proven = () => details()?.proven ?? null;
  const personal = () => details()?.personal ?? null;
  const workplace = () => details()?.workplace ?? null;
  const birth = () => birthDateParts(proven()?.birthDate ?? null, lang());
  const [busy, setBusy] = createSignal(false);
  // Codes and errors, not texts: the banner follows a language switch.
  const [problems, setProblems] = createSignal<Array<ApiError | 'personal' | 'workplace'>>([]);

  async function submit() {
    setBusy(true);
    setProblems([]);
    try {
      await api.registration.submit();
      await store.refresh();
      navigate('/register/result');
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length) {
        setProblems(Object.keys(err.fields).map((part) => (part === 'personal' ? 'personal' : 'workplace')));
      } else {
        setProblems([err instanceof ApiError ? err : new ApiError(0, 'unexpected', String(err))]);
      }
      void store.refresh();
    } finally {
      setBusy(false);
    }
  }

  const missing = () => [
    ...(personal() ? [] : [t('review.missing.personal')]),
    ...(workplace() ? [] : [t('review.missing.workplace')]),
  ];

  // `review` stays as a hook for browser tests.
  return (
    <section class="page review" aria-labelledby="review-heading">
      <SubWizard current={3} />
      <h1 id="review-heading">{t('review.heading')}</h1>
      <p class="lead">{t('review.intro')}</p>
      <UnitSummary />

      <section class={styles.part} aria-labelledby="review-part1">
        <h2 id="review-part1">{t('part1')}</h2>
        <DataList
          rows={[
            [t('nationalId'), proven()?.nationalId],
            [t('title'), proven()?.title],
            [t('firstNameTh'), proven()?.firstNameTh],
            [t('middleNameTh'), proven()?.middleNameTh],
            [t('lastNameTh'), proven()?.lastNameTh],
            [t('firstNameEn'), [proven()?.titleEn, proven()?.firstNameEn].filter(Boolean).join(' ')],
            [t('middleNameEn'), proven()?.middleNameEn],
            [t('lastNameEn'), proven()?.lastNameEn],
            [t('birthDay'), birth()?.day],
            [t('birthMonth'), birth()?.month],
            [t('birthYear'), birth()?.yearBe],
          ]}
        />
        <h3>{t('currentAddress')}</h3>
        <DataList
          rows={[
            [t('line1'), personal()?.address.line1],
            [t('line2'), personal()?.address.line2],
            [t('province'), personal()?.address.province],
            [t('district'), personal()?.address.district],
            [t('subdistrict'), personal()?.address.subdistrict],
            [t('postcode'), personal()?.address.postcode],
            [t('mobile'), personal()?.mobile],
            [t('phone'), personal()?.phone],
            [
              t('email'),
              <>
                {details()?.email ?? '-'}{' '}
                <Show when={details()?.emailVerified}>
                  <span class={styles.verified}>{t('review.verified')}</span>
                </Show>
              </>,
            ],
          ]}
        />
      </section>

      <section class={styles.part} aria-labelledby="review-part2">
        <h2 id="review-part2">{t('part2')}</h2>
        <DataList
          rows={[
            [t('position'), workplace()?.position],
            [t('level'), workplace()?.level],
            [t('workLine1'), workplace()?.line1],
            [t('province'), workplace()?.province],
            [t('district'), workplace()?.district],
            [t('subdistrict'), workplace()?.subdistrict],
            [t('postcode'), workplace()?.postcode],
            [t('workPhone'), workplace()?.phone],
            [t('fax'), workplace()?.fax],
          ]}
        />
      </section>

      <Show when={missing().length && !problems().length}>
        <FormAlert kind="warning">
          <For each={[t('review.incomplete'), ...missing()]}>{(line) => <p>{line}</p>}</For>
        </FormAlert>
      </Show>
      <Show when={problems().length}>
        <FormAlert>
          <Show when={problems().some((p) => typeof p === 'string')}><p>{t('review.incomplete')}</p></Show>
          <For each={problems()}>
            {(problem) => <p>{typeof problem === 'string' ? t(`review.missing.${problem}`) : fieldErrorText(problem)}</p>}
          </For>
        </FormAlert>
      </Show>

      <div class="actions center">
        <button type="button" class="button secondary" onClick={() => navigate('/register/details')} disabled={busy()}>
          {t('review.back')}
        </button>
        <button type="button" class="button" onClick={() => void submit()} disabled={busy()}>
          <Show when={busy()}><span class="spinner" aria-hidden="true" /></Show>
          {t('review.submit')}
        </button>
      </div>
    </section>
  );
}
