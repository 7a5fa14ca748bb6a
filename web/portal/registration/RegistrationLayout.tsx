/**
 * Frame of every registration page (/register/…): the "GFMIS Registration" banner with the
 * account and a logout button, and the registration store the step pages share.
 */
import { createEffect, createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import { A, useNavigate, type RouteSectionProps } from '@solidjs/router';
import { api } from '../../lib/api.ts';
import { fieldErrorText } from '../../components/field-messages.ts';
import { FormAlert } from '../../components/Form.tsx';
import { providerIn } from '../../proofing/messages.tsx';
import { t } from './messages.ts';
import { createRegistrationStore, RegistrationContext, useRegistration } from './state.ts';
import { cx } from '../../lib/cx.ts';
import styles from './RegistrationLayout.module.css';

export default function RegistrationLayout(props: RouteSectionProps) {
  const store = createRegistrationStore();
  const navigate = useNavigate();
  const [leaving, setLeaving] = createSignal(false);

  // No session (never logged in, expired, logged out in another tab): back to the login page.
  createEffect(() => {
    if (store.error()?.status === 401) navigate('/', { replace: true });
  });

  async function logout() {
    setLeaving(true);
    try {
      await api.auth.logout();
    } finally {
      // Even when the call fails the person wants out: the login page is the safe place.
      navigate('/', { replace: true });
    }
  }

  return (
    <RegistrationContext.Provider value={store}>
      <div>
        <div class={styles.banner}>
          <div class={styles.brandBox}>
            <p class={styles.brand}>{t('brand')}</p>
            <p class={styles.brandSub}>{t('brandSub')}</p>
          </div>
          <Show when={store.data()}>
            {(reg) => (
              <div class={styles.account}>
                <span class={styles.user}>{t('userId', { username: reg().account.username })}</span>
                <Show when={reg().unit}>{(unit) => <span class={styles.unit}>{unit().code} · {unit().name}</span>}</Show>
                <button type="button" class="button secondary small" onClick={logout} disabled={leaving()}>
                  {leaving() ? t('loggingOut') : t('logout')}
                </button>
              </div>
            )}
          </Show>
        </div>
        <Switch>
          <Match when={store.data()}>{props.children}</Match>
          <Match when={store.error()?.status === 403}>
            <section class="page">
              <FormAlert>{t('forbidden')}</FormAlert>
              <A class="button" href="/">{t('toLogin')}</A>
            </section>
          </Match>
          <Match when={store.error() && store.error()?.status !== 401}>
            <section class="page">
              <FormAlert>
                <p>{t('loadFailed')}</p>
                <p>{fieldErrorText(store.error())}</p>
              </FormAlert>
              <button type="button" class="button" onClick={() => void store.refresh()}>{t('retry')}</button>
            </section>
          </Match>
          <Match when={true}>
            <section class="page">
              <p class="loading"><span class="spinner" aria-hidden="true" />{t('loading')}</p>
            </section>
          </Match>
        </Switch>
      </div>
    </RegistrationContext.Provider>
  );
}

/** A page that needs the registration: `when` decides whether this step can be shown now. */
export function StepGuard(props: { when: boolean; done?: boolean; children: JSX.Element }) {
  return (
    <Show
      when={props.when}
      fallback={
        <section class="page" aria-labelledby="guard-heading">
          <h1 id="guard-heading">{t('guard.heading')}</h1>
          <FormAlert kind="info">{props.done ? t('alreadyDone') : t('notThisStep')}</FormAlert>
          <A class="button" href="/register">{t('backToTracker')}</A>
        </section>
      }
    >
      {props.children}
    </Show>
  );
}

/** Which of the tracker's five steps this page is, e.g. "ขั้นตอน 2/5: พิสูจน์ตัวตนผ่านแอปพลิเคชัน เป๋าตัง". */
export function StepCount(props: { step: 1 | 2 | 3 | 4 | 5; detail?: string; class?: string }) {
  const store = useRegistration();
  const name = () => t(`step.${props.step}`, { provider: providerIn(store.data()!) });
  return (
    <p class={cx(styles.stepCount, props.class)}>
      <strong>{t('stepCount', { n: props.step })}</strong> {name()}
      <Show when={props.detail}>{(detail) => <> · {detail()}</>}</Show>
    </p>
  );
}

/**
 * The 1–4 sub-wizard of the registration form (manual: 1 ลงทะเบียน · 2 ข้อมูลผู้ลงทะเบียน · 3 ยืนยันข้อมูล ·
 * 4 ผลการลงทะเบียน); a phone shows one line instead, so the form starts on the first screen.
 */
export function SubWizard(props: { current: 1 | 2 | 3 | 4 }) {
  const steps = [1, 2, 3, 4] as const;
  return (
    <nav class={styles.wizard} aria-label={t('wizard.label')}>
      <StepCount step={props.current === 1 ? 1 : 3} detail={props.current === 1 ? undefined : t(`wizard.${props.current}`)} class={styles.phoneOnly} />
      <ol>
        {steps.map((n) => (
          <li class={cx(n === props.current && styles.current, n < props.current && styles.done)} aria-current={n === props.current ? 'step' : undefined}>
            <span class={styles.num} aria-hidden="true">{n}</span>
            <span>{t(`wizard.${n}`)}</span>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** รหัสหน่วยเบิกจ่าย and the unit's ministry / department / name, as on the manual's form. */
export function UnitSummary() {
  const store = useRegistration();
  const unit = () => store.data()?.unit;
  // `unit-summary` stays as a hook for browser tests.
  return (
    <dl class={cx('unit-summary', styles.unitSummary)}>
      <div>
        <dt>{t('unitCode')}</dt>
        <dd>{unit()?.code ?? '-'}</dd>
      </div>
      <div>
        <dt>{t('unitNames')}</dt>
        <dd>{unit() ? `${unit()!.ministry} / ${unit()!.department} / ${unit()!.name}` : '-'}</dd>
      </div>
    </dl>
  );
}
