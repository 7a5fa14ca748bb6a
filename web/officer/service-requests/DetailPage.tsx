/**
 * One service request: the requester's form, what the records say about it (as
 * badges with words, not colour alone), the signed scan in the page, the officer's outcome
 * (done, or cannot be done with a required reason) and the reviewer's sign-off by someone else.
 * A request that would release credentials or lead to re-activation can be "done" only when
 * the requester's national ID and email match the holder's on record (FLOWS §6); the server
 * refuses it otherwise. A change of holder ends on the sealed-slip print page.
 */
import { createResource, createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import { A, useNavigate, useParams } from '@solidjs/router';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Badge } from '../../components/Badge.tsx';
import { FormAlert } from '../../components/Form.tsx';
import type { FieldError } from '../../components/field-messages.ts';
import { Loaded } from '../../components/Loaded.tsx';
import { api, ApiError, type ServiceOutcome, type ServiceRequestReview } from '../../lib/api.ts';
import { holdSlip } from '../accounts/slip-store.ts';
import { cx } from '../../lib/cx.ts';
import { lang } from '../../lib/i18n.ts';
import { when } from '../format.ts';
import { useOfficer } from '../session.ts';
import { createReveal, errorText, followQueues, ReasonField, RevealButton } from '../ui.tsx';
import ui from '../ui.module.css';
import { t } from './messages.ts';
import { usePurposeLabels } from './options.ts';
import { srStatusTone } from './status.ts';
import styles from './DetailPage.module.css';

export default function DetailPage() {
  const params = useParams<{ id: string }>();
  const [request, { refetch, mutate }] = createResource(() => ({ id: params.id, lang: lang() }), ({ id }) => api.officer.serviceRequest(id));
  // Another officer may process or review it meanwhile.
  followQueues(() => void refetch());

  return (
    <section class={cx('page', ui.review)}>
      <p class="no-print"><A href="/officer/service-requests">← {t('back')}</A></p>
      <h1>{t('detailHeading')}</h1>
      <Loaded resource={request} retry={refetch}>
        {(r) => <Review r={r()} onChanged={(next) => mutate(next)} />}
      </Loaded>
    </section>
  );
}

function Review(props: { r: ServiceRequestReview; onChanged: (r: ServiceRequestReview) => void }) {
  const r = () => props.r;
  const q = () => r().requester;
  const d = () => r().purposeDetail ?? {};
  const labels = usePurposeLabels();
  // The key, not the words: a language switch re-renders the result.
  const [done, setDone] = createSignal<'processed' | 'reviewed' | null>(null);
  // National IDs come masked; "show" fetches the full ones (the server records the look).
  const ids = createReveal(() => api.officer.serviceRequestNationalIds(r().id));
  const requesterId = () => ids.full()?.requesterNationalId ?? q().nationalId;
  const onFileId = () => {
    const full = ids.full();
    return full ? full.onFileNationalId : r().checks.onFile.nationalId;
  };

  async function reload(result: 'processed' | 'reviewed') {
    setDone(result);
    props.onChanged(await api.officer.serviceRequest(r().id));
  }

  return (
    <>
      <p class={ui.reviewTitle}>
        <strong class="mono" data-testid="tracking">{r().trackingNumber}</strong> · <strong>{labels.purpose(r().purpose)}</strong> ·{' '}
        <Badge size="small" tone={srStatusTone(r().status)} data-testid="status">{t(`state.${r().status}`)}</Badge>
      </p>
      <Show when={d().source === 'not_me'}>
        <FormAlert kind="warning">{t('notMe')}</FormAlert>
      </Show>

      <h2>{t('checksSection')}</h2>
      <ul class={styles.checks} aria-label={t('checksSection')}>
        <Check name="accountFound" value={r().checks.accountFound} yes={t('check.found')} no={t('check.notFound')} />
        <Check name="holderMatches" value={r().checks.holderMatches} yes={t('check.yes')} no={t('check.no')}
          required={r().checks.required.includes('holderMatches')}
          detail={t('check.onFileNationalId', { typed: requesterId() || t('check.none'), onFile: onFileId() ?? t('check.none') })} />
        <Check name="emailMatches" value={r().checks.emailMatches} yes={t('check.yes')} no={t('check.no')}
          required={r().checks.required.includes('emailMatches')}
          detail={t('check.onFileEmail', { typed: q().email || t('check.none'), onFile: r().checks.onFile.email ?? t('check.none') })} />
      </ul>
      <Show when={r().checks.accountFound && !r().checks.passed && r().status === 'submitted'}>
        <FormAlert kind="warning"><span data-testid="checks-failed">{t('checksFailed')}</span></FormAlert>
      </Show>

      <div class={ui.twoCol}>
        <section aria-labelledby="part1-h">
          <h2 id="part1-h">{t('part1')}</h2>
          <dl class={ui.facts}>
            <Fact label={t('unitCode')}><span class="mono">{r().unitCode}</span></Fact>
            <Fact label={t('unitName')}>{q().unitName}</Fact>
            <Fact label={t('filedAt')}>{when(r().createdAt)}</Fact>
          </dl>
          <h2 id="part3-h">{t('part3')}</h2>
          <dl class={ui.facts}>
            <Fact label={t('purpose')}><span data-testid="purpose">{labels.purpose(r().purpose)}</span></Fact>
            <Show when={d().otherText}><Fact label={t('otherText')}>{d().otherText}</Fact></Show>
            <Show when={d().holderReason}>
              {(reason) => <Fact label={t('holderReason')}>{labels.reason(reason())}{d().holderReasonText ? `: ${d().holderReasonText}` : ''}</Fact>}
            </Show>
            <Show when={d().newHolderEmail}><Fact label={t('newHolderEmail')}>{d().newHolderEmail}</Fact></Show>
            <Show when={d().newEmail}><Fact label={t('newEmail')}>{d().newEmail}</Fact></Show>
          </dl>
          <p class="muted">{t('effect')} {t(`effect.${r().purpose}`)}</p>
        </section>
        <section aria-labelledby="part2-h">
          <h2 id="part2-h">{t('part2')}</h2>
          <dl class={ui.facts}>
            <Fact label={t('name')}>{q().name || '-'}</Fact>
            <Fact label={t('nationalId')}>
              <span class="mono" aria-live="polite" data-testid="requester-national-id">{requesterId() || '-'}</span>
              <Show when={q().nationalId}>
                <RevealButton reveal={ids} show={t('showNationalId')} hide={t('hideNationalId')} hint={t('showNationalIdHint')} />
              </Show>
              <Show when={ids.error()}><p class="field-error">{ids.error()}</p></Show>
            </Fact>
            <Fact label={t('email')}>{q().email || '-'}</Fact>
            <Fact label={t('mobile')}><span class="mono">{q().mobile || '-'}</span></Fact>
            <Fact label={t('division')}>{q().division || '-'}</Fact>
            <Fact label={t('department')}>{q().department || '-'}</Fact>
            <Fact label={t('ministry')}>{q().ministry || '-'}</Fact>
            <Fact label={t('usernameFull')}><span class="mono">{r().username}</span></Fact>
          </dl>
        </section>
      </div>

      <h2>{t('scanSection')}</h2>
      <Show when={r().scanDocumentId} fallback={<p class="muted">{t('noScan')}</p>}>
        <div class="document">
          <iframe class={cx('pdf', ui.pdf)} src={api.officer.serviceRequestScanUrl(r().id)} title={t('scanTitle', { tracking: r().trackingNumber })} />
          <p><a href={api.officer.serviceRequestScanUrl(r().id)} target="_blank" rel="noopener noreferrer">{t('openScan')}</a></p>
        </div>
      </Show>

      <Show when={done()}>{(key) => <FormAlert kind="success">{t(key())}</FormAlert>}</Show>

      <div class={cx(ui.twoCol, styles.part4)}>
        <section aria-labelledby="process-h">
          <h2 id="process-h">{t('processSection')}</h2>
          <Switch>
            <Match when={r().status === 'submitted'}>
              <ProcessForm r={r()} onProcessed={() => void reload('processed')} />
            </Match>
            <Match when={r().outcome}>
              {(outcome) => <Outcome outcome={outcome()} reason={r().outcomeReason} at={r().processedAt} />}
            </Match>
            <Match when={r().status === 'awaiting_scan'}>
              <p class="muted">{t('reviewAwaitingScan')}</p>
            </Match>
          </Switch>
        </section>
        <section aria-labelledby="review-h">
          <h2 id="review-h">{t('reviewSection')}</h2>
          <Show when={r().status === 'completed'} fallback={<ReviewAction r={r()} onReviewed={() => void reload('reviewed')} />}>
            <p class="notice notice-success">✓ {t('reviewButton')} · {t('completedAt', { at: when(r().reviewedAt) })}</p>
          </Show>
        </section>
      </div>
    </>
  );
}

function Fact(props: { label: string; children: JSX.Element }) {
  return <div><dt>{props.label}</dt><dd>{props.children}</dd></div>;
}

/** One check as a badge: ✓ / ✗ / ? with its words, so colour is never the only sign; what was compared under it. */
function Check(props: {
  name: 'accountFound' | 'holderMatches' | 'emailMatches'; value: boolean | null; yes: string; no: string; required?: boolean; detail?: string;
}) {
  const state = () => (props.value === null ? 'unknown' : props.value ? 'ok' : 'bad');
  return (
    <li class={cx(styles.check, styles[state()])} data-check={props.name} data-state={state()} data-required={props.required ? 'true' : undefined}>
      <span class={styles.mark} aria-hidden="true">{state() === 'ok' ? '✓' : state() === 'bad' ? '✗' : '?'}</span>
      <span class="check-name">{t(`check.${props.name}`)}<Show when={props.required}> <em class={styles.required}>({t('check.required')})</em></Show></span>
      <strong class="check-value">
        {props.value === null ? `${t('check.unknown')} (${t('check.unknownWhy')})` : props.value ? props.yes : props.no}
      </strong>
      <Show when={props.detail}><span class={styles.detail}>{props.detail}</span></Show>
    </li>
  );
}

function Outcome(props: { outcome: ServiceOutcome; reason: string | null; at: string | null }) {
  return (
    <div class={`notice ${props.outcome === 'done' ? 'notice-success' : 'notice-error'}`} data-testid="outcome">
      <p class="opt"><span aria-hidden="true">☑ </span><strong>{props.outcome === 'done' ? t('decision.done') : `${t('decision.refused')} ${props.reason ?? ''}`}</strong></p>
      <p class="muted small">{t('processedAt', { at: when(props.at) })}</p>
    </div>
  );
}

function ProcessForm(props: { r: ServiceRequestReview; onProcessed: () => void }) {
  const officer = useOfficer();
  const [choice, setChoice] = createSignal<ServiceOutcome | null>(null);
  const [reason, setReason] = createSignal('');
  const [reasonError, setReasonError] = createSignal<FieldError>();
  const [choiceError, setChoiceError] = createSignal(false);
  const [asking, setAsking] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const noAccount = () => !props.r.checks.accountFound;
  // The server refuses "done" too (checks_failed); the page says so before anyone tries.
  const blocked = () => noAccount() || !props.r.checks.passed;
  let reasonBox!: HTMLTextAreaElement;

  function ask(e: SubmitEvent) {
    e.preventDefault();
    setError(undefined);
    if (!choice()) {
      setChoiceError(true);
      document.getElementById(blocked() ? 'outcome-refused' : 'outcome-done')?.focus();
      return;
    }
    setChoiceError(false);
    if (choice() === 'refused' && !reason().trim()) {
      setReasonError({ code: 'reason_required', message: t('reasonRequired') });
      reasonBox.focus();
      return;
    }
    setReasonError(undefined);
    setAsking(true);
  }

  async function save() {
    setAsking(false);
    setBusy(true);
    try {
      await api.officer.processServiceRequest(props.r.id, choice() === 'done' ? { outcome: 'done' } : { outcome: 'refused', reason: reason().trim() });
      props.onProcessed();
    } catch (err) {
      if (err instanceof ApiError && err.fields.reason) setReasonError(err.fields.reason);
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Show when={officer.can('officer')} fallback={<p class="muted">{t('notOfficerRole')}</p>}>
      <form class={ui.decision} onSubmit={ask} novalidate>
        <Show when={error()}><FormAlert>{errorText(error())}</FormAlert></Show>
        <fieldset class={styles.outcomeChoice} aria-describedby={choiceError() ? 'outcome-error' : undefined}>
          <legend class="visually-hidden">{t('decisionLegend')}</legend>
          <label class={cx('checkbox', styles.option)}>
            <input id="outcome-done" type="radio" name="outcome" value="done" disabled={blocked()} checked={choice() === 'done'}
              aria-describedby={noAccount() ? 'no-account-note' : blocked() ? 'checks-failed-note' : undefined}
              onChange={() => { setChoice('done'); setChoiceError(false); setReasonError(undefined); }} />
            <span>{t('decision.done')}</span>
          </label>
          <Show when={noAccount()}>
            <p class={cx('field-hint', styles.note)} id="no-account-note">{t('noAccountNote')}</p>
          </Show>
          <Show when={!noAccount() && blocked()}>
            <p class={cx('field-hint', styles.note)} id="checks-failed-note">{t('checksFailed')}</p>
          </Show>
          <label class={cx('checkbox', styles.option)}>
            <input id="outcome-refused" type="radio" name="outcome" value="refused" checked={choice() === 'refused'}
              onChange={() => { setChoice('refused'); setChoiceError(false); }} />
            <span>{t('decision.refused')} …</span>
          </label>
          <Show when={choiceError()}><p class="field-error" id="outcome-error">{t('chooseRequired')}</p></Show>
        </fieldset>
        <Show when={choice() === 'refused'}>
          <ReasonField ref={(el) => (reasonBox = el)} label={t('reason')} hint={t('reasonHint')} error={reasonError()} value={reason()} onInput={setReason} />
        </Show>
        {/* Four-eyes (FLOWS §7): said before saving, not discovered after. */}
        <p class="notice notice-info" id="second-reviewer-note">{t('secondReviewer')}</p>
        <div class="actions">
          <button type="submit" class="button" disabled={busy()} aria-describedby="second-reviewer-note">{t('saveDecision')}</button>
        </div>
        <ConfirmDialog
          open={asking()}
          title={t('confirmTitle')}
          confirmLabel={t('confirm')}
          cancelLabel={t('cancel')}
          danger={choice() === 'refused'}
          onConfirm={() => void save()}
          onCancel={() => setAsking(false)}
        >
          <p>{t('confirmBody', { tracking: props.r.trackingNumber, decision: choice() === 'done' ? t('decision.done') : t('decision.refused') })}</p>
          <Show when={choice() === 'refused'}><blockquote class={ui.quote}>{reason().trim()}</blockquote></Show>
          <p>{t('secondReviewer')}</p>
        </ConfirmDialog>
      </form>
    </Show>
  );
}

/** ได้ตรวจสอบความถูกต้องแล้ว: offered to reviewers; disabled, with the reason, to everyone else. */
function ReviewAction(props: { r: ServiceRequestReview; onReviewed: () => void }) {
  const officer = useOfficer();
  const navigate = useNavigate();
  const [asking, setAsking] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const why = () => {
    if (props.r.status === 'awaiting_scan') return t('reviewAwaitingScan');
    if (props.r.status !== 'processed') return t('reviewWaiting');
    if (!officer.can('reviewer')) return t('reviewNotReviewer');
    if (!props.r.canReview) return t('reviewSamePerson');
    return '';
  };

  async function review() {
    setAsking(false);
    setBusy(true);
    setError(undefined);
    try {
      const { slip } = await api.officer.reviewServiceRequest(props.r.id);
      if (slip) {
        // A change of holder: the new initial password, once, on the sealed-slip print page.
        holdSlip(slip);
        navigate('/officer/accounts/slips');
        return;
      }
      props.onReviewed();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class={ui.decision}>
      <Show when={error()}><FormAlert>{errorText(error())}</FormAlert></Show>
      <div class="actions">
        <button type="button" class="button" disabled={busy() || Boolean(why())} aria-describedby={why() ? 'review-why' : undefined} onClick={() => setAsking(true)}>
          {t('reviewButton')}
        </button>
      </div>
      <Show when={why()}><p class="field-hint" id="review-why">{why()}</p></Show>
      {/* Only when it can be used: one dialog on the page at a time (they share an id). */}
      <Show when={!why()}>
      <ConfirmDialog
        open={asking()}
        title={t('confirmReview')}
        confirmLabel={t('confirm')}
        cancelLabel={t('cancel')}
        onConfirm={() => void review()}
        onCancel={() => setAsking(false)}
      >
        <p>{t('confirmReviewBody', { tracking: props.r.trackingNumber })}</p>
        <Show when={props.r.outcome}>
          {(o) => <p><strong>{o() === 'done' ? t('decision.done') : `${t('decision.refused')} ${props.r.outcomeReason ?? ''}`}</strong></p>}
        </Show>
      </ConfirmDialog>
      </Show>
    </div>
  );
}
