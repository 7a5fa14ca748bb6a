/**
 * One request, by its tracking number: the number to keep, the printable form, the
 * signed scan's upload, and the status with the outcome once it is completed.
 */
import { createResource, createSignal, Match, Show, Switch } from 'solid-js';
import { A, useLocation, useParams } from '@solidjs/router';
import { fieldErrorText, localFieldError, type FieldError } from '../../components/field-messages.ts';
import { FormAlert } from '../../components/Form.tsx';
import { api, ApiError, type ServiceRequestForm, type ServiceRequestOptions } from '../../lib/api.ts';
import { lang } from '../../lib/i18n.ts';
import { formatDateTime } from '../../lib/thai-date.ts';
import { normaliseTracking } from './form-model.ts';
import { Badge, type BadgeTone } from '../../components/Badge.tsx';
import { cx } from '../../lib/cx.ts';
import { errorText } from '../../lib/error-text.ts';
import { t } from './messages.ts';
import page from './service-request.module.css';
import styles from './StatusPage.module.css';
import { findServiceRequest } from './load.ts';
import { LoadFailed } from './LoadFailed.tsx';

const MAX_PDF_BYTES = 10 * 1024 * 1024;

/** Waiting (on the requester or the officers), done, or refused. */
const STATUS_TONES: Record<ServiceRequestForm['status'], BadgeTone> = {
  awaiting_scan: 'warning', submitted: 'warning', processed: 'warning', completed: 'success', refused: 'danger',
};

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export default function StatusPage() {
  const params = useParams<{ tracking: string }>();
  const location = useLocation<{ created?: boolean }>();
  const tracking = () => normaliseTracking(params.tracking) ?? params.tracking;
  const [request, { refetch, mutate }] = createResource(tracking, findServiceRequest);
  const [options] = createResource(() => api.serviceRequests.options().catch(() => null));

  return (
    <section class={cx('page', page.page)} aria-labelledby="sr-status-heading">
      <h1 id="sr-status-heading">{t('statusHeading')}</h1>
      <Switch>
        <Match when={request.state === 'errored'}>
          <LoadFailed request={request} retry={() => void refetch()} />
        </Match>
        <Match when={request.state === 'ready' && request() === null}>
          <FormAlert>{t('notFound')}</FormAlert>
          <p class="actions">
            <A class="button" href="/service-request/status">{t('lookupHeading')}</A>
            <A class="button secondary" href="/service-request">{t('newRequest')}</A>
          </p>
        </Match>
        <Match when={request.latest}>
          {(r) => (
            <Request
              r={r()}
              options={options.latest ?? null}
              created={Boolean(location.state?.created)}
              refreshing={request.loading}
              onRefresh={() => void refetch()}
              onUploaded={(next) => mutate(next)}
            />
          )}
        </Match>
        <Match when={true}>
          <p class="loading" role="status">{t('loading')}</p>
        </Match>
      </Switch>
    </section>
  );
}

function Request(props: {
  r: ServiceRequestForm; options: ServiceRequestOptions | null; created: boolean; refreshing: boolean;
  onRefresh: () => void; onUploaded: (r: ServiceRequestForm) => void;
}) {
  const r = () => props.r;
  const [copied, setCopied] = createSignal(false);
  const [uploaded, setUploaded] = createSignal(false);
  const purposeLabel = () => props.options?.purposes[r().purpose][lang()] ?? r().purpose;

  async function copy() {
    try {
      await navigator.clipboard.writeText(r().trackingNumber);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // No clipboard (permissions, old browser): the number is on the screen to write down.
    }
  }

  return (
    <>
      <Show when={props.created}>
        <FormAlert kind="success">{t('created')}</FormAlert>
      </Show>
      <div class={styles.tracking}>
        <p class={styles.trackingLabel} id="tracking-label">{t('trackingLabel')}</p>
        <p class={styles.trackingNumber} aria-labelledby="tracking-label" data-testid="tracking-number">{r().trackingNumber}</p>
        <p class={styles.trackingKeep}>{t('keepTracking')}</p>
        <button type="button" class="button small secondary" onClick={() => void copy()}>{copied() ? `✓ ${t('copied')}` : t('copy')}</button>
      </div>

      <h2>{t('statusSection')}</h2>
      {/* `sr-status` stays as a hook for browser tests. */}
      <div class={cx('sr-status', styles.status)} data-status={r().status} role="status">
        <Show when={uploaded()}><FormAlert kind="success">{t('uploaded')}</FormAlert></Show>
        <p>
          <Badge tone={STATUS_TONES[r().status]}>{t(`status.${r().status}`)}</Badge>
          <span class="muted small"> · {t('filedAt', { at: formatDateTime(r().createdAt, lang()) })}</span>
        </p>
        <Show when={r().status === 'completed' && r().outcome}>
          {(outcome) => (
            <div class={`notice ${outcome() === 'done' ? 'notice-success' : 'notice-error'}`} data-testid="outcome">
              <p><strong>{outcome() === 'done' ? t('outcome.done') : t('outcome.refused', { reason: r().outcomeReason ?? '-' })}</strong></p>
              <p>{t('outcomeEmailed')}</p>
            </div>
          )}
        </Show>
        <button type="button" class="button small secondary" disabled={props.refreshing} onClick={() => props.onRefresh()}>
          {props.refreshing ? t('checking') : t('checkStatus')}
        </button>
      </div>

      <Show when={r().status === 'awaiting_scan'}>
        <h2>{t('nextSteps')}</h2>
        <ol class={styles.steps}>
          <li>
            {t('step1')}{' '}
            <A class="button small" href={`/service-request/${r().trackingNumber}/print`}>{t('print')}</A>
          </li>
          <li>{t('step2')}</li>
          <li>{t('step3')}</li>
          <li>{t('step4')}</li>
        </ol>
        <ScanUpload r={r()} onUploaded={(next) => { setUploaded(true); props.onUploaded(next); }} />
      </Show>
      <Show when={r().scanUploaded}>
        <p class="muted">✓ {t('scanReceived')}</p>
      </Show>

      <h2>{t('summary')}</h2>
      <dl class={styles.facts}>
        <div><dt>{t('purpose')}</dt><dd data-testid="purpose">{purposeLabel()}</dd></div>
        <div><dt>{t('username')}</dt><dd class="mono">{r().username}</dd></div>
        <div><dt>{t('unitName')}</dt><dd><span class="mono">{r().unitCode}</span> {r().requester.unitName}</dd></div>
        <div><dt>{t('name')}</dt><dd>{r().requester.name}</dd></div>
      </dl>
      <p class="actions no-print">
        <Show when={r().status !== 'awaiting_scan'}>
          <A class="button secondary" href={`/service-request/${r().trackingNumber}/print`}>{t('print')}</A>
        </Show>
        <A href="/">{t('toLogin')}</A>
      </p>
    </>
  );
}

function ScanUpload(props: { r: ServiceRequestForm; onUploaded: (r: ServiceRequestForm) => void }) {
  const [file, setFile] = createSignal<File | null>(null);
  const [error, setError] = createSignal<FieldError>();
  const [failure, setFailure] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  let input!: HTMLInputElement;

  function choose(chosen: File | undefined) {
    setFailure(undefined);
    if (!chosen) return;
    const problem = chosen.size > MAX_PDF_BYTES ? 'pdf_too_large' : chosen.type && chosen.type !== 'application/pdf' ? 'pdf_invalid' : null;
    if (problem) {
      setError(localFieldError(problem));
      setFile(null);
      input.value = '';
      return;
    }
    setError(undefined);
    setFile(chosen);
  }

  async function upload(e: SubmitEvent) {
    e.preventDefault();
    setFailure(undefined);
    const chosen = file();
    if (!chosen) {
      setError({ code: 'scan_required', message: '' });
      input.focus();
      return;
    }
    setBusy(true);
    try {
      await api.serviceRequests.uploadScan(props.r.trackingNumber, chosen);
      props.onUploaded(await api.serviceRequests.get(props.r.trackingNumber).catch(() => ({ ...props.r, status: 'submitted' as const, scanUploaded: true })));
    } catch (err) {
      if (err instanceof ApiError && err.fields.file) setError(err.fields.file);
      else setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class={styles.upload} onSubmit={upload} novalidate aria-labelledby="upload-heading">
      <h2 id="upload-heading">{t('uploadHeading')}</h2>
      <div class="field" classList={{ 'has-error': Boolean(error()) }}>
        <input
          ref={input}
          id="scan"
          class="visually-hidden file-input"
          type="file"
          accept="application/pdf,.pdf"
          aria-describedby={`scan-hint${error() ? ' scan-error' : ''}`}
          aria-invalid={error() ? 'true' : undefined}
          onChange={(e) => choose(e.currentTarget.files?.[0])}
        />
        <label for="scan" class="button secondary upload-button"><span aria-hidden="true">+&nbsp;</span>{t('uploadChoose')}</label>
        <p class="field-hint" id="scan-hint">{t('uploadHint')}</p>
        <p class="file-chosen">
          <Show when={file()} fallback={<span class="muted">{t('noFile')}</span>}>
            {(f) => (
              <>
                <span>{t('chosen', { name: f().name, size: formatSize(f().size) })}</span>{' '}
                <button type="button" class="link-button" onClick={() => { setFile(null); input.value = ''; }}>{t('removeFile')}</button>
              </>
            )}
          </Show>
        </p>
        <Show when={error()}>
          <p class="field-error" id="scan-error">{error()?.code === 'scan_required' ? t('scanRequired') : fieldErrorText(error())}</p>
        </Show>
      </div>
      <Show when={failure()}>{(err) => <FormAlert>{errorText(err())}</FormAlert>}</Show>
      <button type="submit" class="button" disabled={busy()}>
        <Show when={busy()}><span class="spinner" aria-hidden="true" /></Show>
        {busy() ? t('uploading') : t('upload')}
      </button>
    </form>
  );
}
