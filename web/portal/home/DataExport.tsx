/**
 * ดาวน์โหลดข้อมูลของฉัน (PDPA right of access) on the profile page: the phone approves by
 * picture matching, as for a revocation; then this page fetches the ZIP once and saves it.
 */
import { createSignal, Match, Show, Switch } from 'solid-js';
import { api, type PhoneRequestStart } from '../../lib/api.ts';
import { FormAlert } from '../../components/Form.tsx';
import { errorText } from '../../lib/error-text.ts';
import { h } from './messages.ts';
import { PhoneWaiting, type PhoneWaitingTexts } from './PhoneWaiting.tsx';
import login from '../login/login.module.css';
import styles from './home.module.css';

const WAITING: PhoneWaitingTexts = {
  heading: 'export.approveHeading', instruction: 'export.approveInstruction', needsPhone: 'export.needsPhone',
  wrongPicture: 'export.failed.wrongPicture', denied: 'export.failed.denied', expired: 'export.failed.expired',
};

/** Hand a downloaded file to the browser's own download, under the server's name. */
function saveFile(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function DataExport() {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const [request, setRequest] = createSignal<PhoneRequestStart>();
  const [saved, setSaved] = createSignal<string>();

  async function start() {
    setError(undefined);
    setSaved(undefined);
    setRequest(undefined);
    setBusy(true);
    try {
      setRequest(await api.portal.startExport());
    } catch (err) {
      setError(() => err);
    } finally {
      setBusy(false);
    }
  }

  async function collect(id: string) {
    try {
      const { blob, filename } = await api.portal.downloadExport(id);
      saveFile(blob, filename);
      setSaved(filename);
    } catch (err) {
      setError(() => err);
    } finally {
      setRequest(undefined);
    }
  }

  return (
    <section class={styles.dataExport} aria-labelledby="export-heading">
      <h3 id="export-heading">{h('export.heading')}</h3>
      <Switch>
        <Match when={request()}>
          {(r) => (
            <PhoneWaiting
              request={r()} texts={WAITING}
              onApproved={() => void collect(r().requestId)}
              onRetry={() => void start()}
              approved={<p class={login.approveStatus} role="status">{h('export.downloading')}</p>}
            />
          )}
        </Match>
        <Match when={true}>
          <p>{h('export.intro')}</p>
          <Show when={saved()}>
            {(file) => (
              <FormAlert kind="success">
                <p role="status"><strong>{h('export.done', { file: file() })}</strong></p>
                <p>{h('export.doneBody')}</p>
              </FormAlert>
            )}
          </Show>
          <Show when={error()}>
            {(err) => <FormAlert>{errorText(err())}</FormAlert>}
          </Show>
          <div class="actions">
            <button type="button" class="button" disabled={busy()} onClick={() => void start()}>
              {busy() ? h('export.busy') : h('export.button')}
            </button>
          </div>
        </Match>
      </Switch>
    </section>
  );
}
