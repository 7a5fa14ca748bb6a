/**
 * One registration under review: the proven claims beside what was entered, every
 * difference marked in words (not colour alone), the appointment PDF in the page, and the
 * decision: approve, or reject with a required reason.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { thaiFullName } from '../../../api/lib/thai-name.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { FormAlert } from '../../components/Form.tsx';
import type { FieldError } from '../../components/field-messages.ts';
import { Badge } from '../../components/Badge.tsx';
import { Loaded } from '../../components/Loaded.tsx';
import { api, ApiError, type ComparisonRow, type RegistrationReview } from '../../lib/api.ts';
import { lang } from '../../lib/i18n.ts';
import { birthDateParts } from '../../lib/thai-date.ts';
import { cx } from '../../lib/cx.ts';
import { statusLabel, statusTone, when } from '../format.ts';
import { useOfficer } from '../session.ts';
import { createReveal, errorText, ReasonField, RevealButton, TableScroll } from '../ui.tsx';
import ui from '../ui.module.css';
import { t } from './messages.ts';
import styles from './DetailPage.module.css';

function birthDate(ymd: string | null): string {
  const p = birthDateParts(ymd, lang());
  return p ? `${p.day} ${p.month} ${p.yearBe}` : '-';
}

function cell(row: ComparisonRow, value: string | null): string {
  if (value === null) return '-';
  return row.field === 'birthDate' ? birthDate(value) : value;
}

function addressLine(a: { line1: string; line2?: string; subdistrict: string; district: string; province: string; postcode: string } | undefined | null) {
  return a ? [a.line1, a.line2, a.subdistrict, a.district, a.province, a.postcode].filter(Boolean).join(' ') : '-';
}

export default function DetailPage() {
  const params = useParams<{ id: string }>();
  const officer = useOfficer();
  const [review, { refetch, mutate }] = createResource(() => ({ id: params.id, lang: lang() }), ({ id }) => api.officer.registration(id));

  return (
    <section class={cx('page', ui.review)}>
      <p class="no-print"><A href="/officer/registrations">← {t('back')}</A></p>
      <h1>{t('detailHeading')}</h1>
      <Loaded resource={review} retry={refetch}>
        {(r) => <Review r={r()} canDecide={officer.can('officer')} onDecided={(next) => mutate(next)} />}
      </Loaded>
    </section>
  );
}

function Review(props: { r: RegistrationReview; canDecide: boolean; onDecided: (r: RegistrationReview) => void }) {
  const r = () => props.r;
  const differences = () => r().comparison.filter((c) => c.differs).length;
  // The key, not the words: a language switch re-renders the result.
  const [done, setDone] = createSignal<'approved' | 'rejected' | null>(null);
  const name = () => r().proven ? thaiFullName(r().proven!) : r().account.username;
  // National IDs come masked; "show" fetches the full ones (the server records the look).
  const ids = createReveal(() => api.officer.registrationNationalIds(r().id));
  const shown = (row: ComparisonRow) => ids.full()?.comparison.find((c) => c.field === row.field) ?? row;
  const carriesId = (row: ComparisonRow) => row.field === 'nationalId' || row.field === 'holder';

  return (
    <>
      <p class={ui.reviewTitle}>
        <strong>{name()}</strong> · <span class="mono">{r().account.username}</span> ·{' '}
        <Badge size="small" tone={statusTone(r().status)}>{statusLabel(r().status)}</Badge>
      </p>
      <Show when={r().fourEyes}>
        {(reason) => {
          const why = reason();
          return <FormAlert kind="info">{why === 'own_registration' ? t('own') : t(`fourEyes.${why}`)}</FormAlert>;
        }}
      </Show>

      <h2>{t('accountSection')}</h2>
      <dl class={ui.facts}>
        <div><dt>{t('username')}</dt><dd class="mono">{r().account.username}</dd></div>
        <div><dt>{t('unitName')}</dt><dd><span class="mono">{r().unit.code}</span> {r().unit.name}</dd></div>
        <div><dt>{t('department')}</dt><dd>{r().unit.department}</dd></div>
        <div><dt>{t('ministry')}</dt><dd>{r().unit.ministry}</dd></div>
        <div><dt>{t('submittedAt')}</dt><dd>{when(r().submittedAt)}</dd></div>
        <div>
          <dt>{t('email')}</dt>
          <dd>{r().email ?? '-'} <span class="muted">({r().emailVerifiedAt ? `✓ ${t('emailVerified')}` : t('emailNotVerified')})</span></dd>
        </div>
      </dl>

      <h2>{t('compareSection')}</h2>
      <Show when={ids.error()}><FormAlert>{ids.error()}</FormAlert></Show>
      <Show when={differences()} fallback={<FormAlert kind="success">{t('noDifferences')}</FormAlert>}>
        <div class="notice notice-warning" role="status">{t('differences', { n: differences() })}</div>
      </Show>
      <TableScroll label={t('compareCaption')}>
        <table class={cx(ui.data, styles.compare)}>
          <caption class="visually-hidden">{t('compareCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('item')}</th>
              <th scope="col">{t('proven', { ial: r().proven?.ial ?? '-' })}</th>
              <th scope="col">{t('entered')}</th>
              <th scope="col">{t('result')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={r().comparison}>
              {(row) => (
                <tr class={row.differs ? styles.differs : undefined} data-field={row.field}>
                  <th scope="row">{t(`field.${row.field}`)}</th>
                  <td><span aria-live={carriesId(row) ? 'polite' : undefined}>{cell(row, shown(row).proven)}</span></td>
                  <td>
                    {row.entered === null
                      ? <span class="muted">{t('fromProof')}</span>
                      : <span aria-live={carriesId(row) ? 'polite' : undefined}>{cell(row, shown(row).entered)}</span>}
                    <Show when={row.field === 'nationalId'}>
                      <RevealButton reveal={ids} show={t('showNationalId')} hide={t('hideNationalId')} hint={t('showNationalIdHint')} />
                    </Show>
                  </td>
                  <td>{row.differs ? <strong class={ui.differs}>⚠ {t('differs')}</strong> : <span class={ui.same}>✓ {t('same')}</span>}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </TableScroll>

      <div class={ui.twoCol}>
        <section aria-labelledby="personal-h">
          <h2 id="personal-h">{t('personalSection')}</h2>
          <dl class={ui.facts}>
            <div><dt>{t('field.address')}</dt><dd>{addressLine(r().personal?.address)}</dd></div>
            <div><dt>{t('mobile')}</dt><dd>{r().personal?.mobile ?? '-'}</dd></div>
            <div><dt>{t('phone')}</dt><dd>{r().personal?.phone ?? '-'}</dd></div>
          </dl>
        </section>
        <section aria-labelledby="workplace-h">
          <h2 id="workplace-h">{t('workplaceSection')}</h2>
          <dl class={ui.facts}>
            <div><dt>{t('position')}</dt><dd>{r().workplace?.position ?? '-'}</dd></div>
            <div><dt>{t('level')}</dt><dd>{r().workplace?.level ?? '-'}</dd></div>
            <div><dt>{t('workAddress')}</dt><dd>{addressLine(r().workplace)}</dd></div>
            <div><dt>{t('phone')}</dt><dd>{r().workplace?.phone ?? '-'}</dd></div>
            <div><dt>{t('fax')}</dt><dd>{r().workplace?.fax ?? '-'}</dd></div>
          </dl>
        </section>
      </div>

      <h2>{t('documentSection')}</h2>
      <Show when={r().document} fallback={<p class="muted">{t('noDocument')}</p>}>
        {(doc) => (
          <div class="document">
            {/* `pdf` stays as a hook for browser tests. */}
            <iframe class={cx('pdf', ui.pdf)} src={api.officer.documentUrl(r().id)} title={t('documentTitle', { name: doc().filename })} />
            <p>
              <a href={api.officer.documentUrl(r().id)} target="_blank" rel="noopener noreferrer">{t('openDocument')}</a>
              <span class="muted"> · {doc().filename} · {Math.ceil(doc().size / 1024)} KB</span>
            </p>
          </div>
        )}
      </Show>

      <h2>{t('decisionSection')}</h2>
      <Show when={done()}>{(key) => <FormAlert kind="success">{t(key())}</FormAlert>}</Show>
      <Show when={r().status === 'pending'} fallback={<Decided r={r()} />}>
        <Show when={props.canDecide} fallback={<p class="muted">{t('notOfficerRole')}</p>}>
          <Show when={!r().ownRegistration}>
            <DecisionForm r={r()} onDecided={(next, result) => { setDone(result); props.onDecided(next); }} />
          </Show>
        </Show>
      </Show>
    </>
  );
}

function Decided(props: { r: RegistrationReview }) {
  return (
    <div class={`notice ${props.r.status === 'rejected' ? 'notice-error' : 'notice-success'}`}>
      <p><strong>{statusLabel(props.r.status)}</strong></p>
      <Show when={props.r.decidedAt}>
        <p>{t('decidedBy', { who: props.r.decidedBy?.displayName ?? props.r.decidedBy?.username ?? '-', at: when(props.r.decidedAt) })}</p>
      </Show>
      <Show when={props.r.rejectReason}>
        <p>{t('rejectReason', { reason: props.r.rejectReason! })}</p>
      </Show>
    </div>
  );
}

/** Approve, or reject with a reason: the reason is asked for (and required) in the reject dialog only. */
function DecisionForm(props: { r: RegistrationReview; onDecided: (r: RegistrationReview, result: 'approved' | 'rejected') => void }) {
  const [reason, setReason] = createSignal('');
  const [reasonError, setReasonError] = createSignal<FieldError>();
  const [asking, setAsking] = createSignal<'approve' | 'reject' | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  let reasonBox: HTMLTextAreaElement | undefined;

  function confirm() {
    if (asking() === 'reject' && !reason().trim()) {
      setReasonError({ code: 'reason_required', message: t('reasonRequired') });
      reasonBox?.focus();
      return;
    }
    void decide();
  }

  async function decide() {
    const which = asking();
    setBusy(true);
    setError(undefined);
    try {
      const result = which === 'approve'
        ? await api.officer.approve(props.r.id)
        : await api.officer.reject(props.r.id, reason().trim());
      setAsking(null);
      const next = await api.officer.registration(props.r.id).catch(() => ({ ...props.r, status: result.status, decidedAt: result.decidedAt }));
      props.onDecided(next, which === 'approve' ? 'approved' : 'rejected');
    } catch (err) {
      if (err instanceof ApiError && err.fields.reason) setReasonError(err.fields.reason);
      else {
        setAsking(null);
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class={ui.decision}>
      <Show when={error()}><FormAlert>{errorText(error())}</FormAlert></Show>
      <div class="actions">
        <button type="button" class="button" disabled={busy()} onClick={() => setAsking('approve')}>{t('approve')}</button>
        <button type="button" class="button danger" disabled={busy()} onClick={() => { setReasonError(undefined); setAsking('reject'); }}>{t('reject')}</button>
      </div>
      <ConfirmDialog
        open={asking() !== null}
        title={asking() === 'reject' ? t('rejectTitle') : t('approveTitle')}
        confirmLabel={t('confirm')}
        cancelLabel={t('cancel')}
        danger={asking() === 'reject'}
        onConfirm={confirm}
        onCancel={() => setAsking(null)}
      >
        <p>{asking() === 'reject' ? t('rejectBody', { username: props.r.account.username }) : t('approveBody', { username: props.r.account.username })}</p>
        <Show when={asking() === 'reject'}>
          <ReasonField ref={(el) => (reasonBox = el)} label={t('reason')} hint={t('reasonHint')} error={reasonError()} value={reason()} onInput={setReason} />
        </Show>
      </ConfirmDialog>
    </div>
  );
}
