/**
 * ยกเลิกการใช้งาน Soft Token (R-8.3, manual ch. 7): a reason, a confirmation, then the phone
 * approves by picture matching exactly as for a login (a stolen desktop session alone cannot
 * revoke). Once it does, the token is revoked, the holder released and every session ended;
 * this page follows the request live and then shows the revoked state. With the phone lost,
 * the page points to the service request instead.
 */
import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { A } from '@solidjs/router';
import { api, type PhoneRequestStart, type RevokeReason } from '../../lib/api.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { FormAlert } from '../../components/Form.tsx';
import { errorText } from '../../lib/error-text.ts';
import { lang } from '../../lib/i18n.ts';
import { h } from './messages.ts';
import { PhoneWaiting, type PhoneWaitingTexts } from './PhoneWaiting.tsx';
import { useProfile, useRefreshProfile } from './PortalShell.tsx';
import styles from './home.module.css';

const WAITING: PhoneWaitingTexts = {
  heading: 'revoke.approveHeading', instruction: 'revoke.approveInstruction', needsPhone: 'revoke.needsPhone',
  wrongPicture: 'revoke.failed.wrongPicture', denied: 'revoke.failed.denied', expired: 'revoke.failed.expired',
};

export default function RevokePage() {
  const profile = useProfile();
  const refreshProfile = useRefreshProfile();
  const [reason, setReason] = createSignal<RevokeReason>();
  const [detail, setDetail] = createSignal('');
  const [problem, setProblem] = createSignal<'reason' | 'detail'>();
  const [asking, setAsking] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const [request, setRequest] = createSignal<PhoneRequestStart>();
  const [done, setDone] = createSignal(false);

  function submit(e: SubmitEvent) {
    e.preventDefault();
    setError(undefined);
    if (!reason()) return setProblem('reason');
    if (reason() === 'other' && !detail().trim()) {
      setProblem('detail');
      document.getElementById('revoke-detail')?.focus();
      return;
    }
    setProblem(undefined);
    setAsking(true);
  }

  async function revoke() {
    setAsking(false);
    setBusy(true);
    try {
      setRequest(await api.portal.revoke({ reason: reason()!, detail: reason() === 'other' ? detail().trim() : undefined }));
    } catch (err) {
      setError(() => err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Switch>
      <Match when={done()}>
        {/* The session ended with the token: only the way back to the login remains (the shell,
            refreshed, drops the validity and the menu). */}
        <div class="notice notice-success revoke-done" role="alert">
          <h2>{h('revoke.done')}</h2>
          <p>{h('revoke.doneBody')}</p>
          <A class="button" href="/" onClick={() => location.assign('/')}>{h('toLogin')}</A>
        </div>
      </Match>
      {/* The phone's approval already revoked the token: nothing is collected here. */}
      <Match when={request()}>
        {(r) => <PhoneWaiting request={r()} texts={WAITING} onApproved={() => { setDone(true); void refreshProfile(); }} onRetry={() => setRequest(undefined)} />}
      </Match>
      <Match when={true}>
        <section aria-labelledby="revoke-heading">
          <h2 id="revoke-heading">{h('menu.revoke')}</h2>
          <p>{h('revoke.intro')}</p>
          <FormAlert kind="info">
            {h('revoke.needsPhone')} <A href="/service-request">{h('revoke.lostPhoneLink')}</A>
          </FormAlert>
          <form onSubmit={submit} novalidate>
            <fieldset class="field" classList={{ 'has-error': problem() === 'reason' }} aria-describedby={problem() === 'reason' ? 'reason-error' : undefined}>
              <legend>{h('revoke.reason')}</legend>
              <For each={profile.latest?.revokeReasons ?? []}>
                {(r) => (
                  <label class={styles.radio}>
                    <input type="radio" name="reason" value={r.id} checked={reason() === r.id} onChange={() => { setReason(r.id); setProblem(undefined); }} />
                    {lang() === 'th' ? r.th : r.en}
                  </label>
                )}
              </For>
              <Show when={problem() === 'reason'}>
                <p class="field-error" id="reason-error">{h('revoke.reasonRequired')}</p>
              </Show>
            </fieldset>
            <Show when={reason() === 'other'}>
              <div class="field" classList={{ 'has-error': problem() === 'detail' }}>
                <label for="revoke-detail">{h('revoke.detail')}</label>
                <input id="revoke-detail" maxLength={500} value={detail()} onInput={(e) => setDetail(e.currentTarget.value)}
                  aria-invalid={problem() === 'detail' ? 'true' : undefined} aria-describedby={problem() === 'detail' ? 'detail-error' : undefined} />
                <Show when={problem() === 'detail'}>
                  <p class="field-error" id="detail-error">{h('revoke.detailRequired')}</p>
                </Show>
              </div>
            </Show>
            <Show when={error()}>
              {(err) => <FormAlert>{errorText(err())}</FormAlert>}
            </Show>
            <div class="actions">
              <button type="submit" class="button danger" disabled={busy()}>{busy() ? h('revoke.busy') : h('revoke.submit')}</button>
              <A class="button secondary" href="/portal">{h('back')}</A>
            </div>
          </form>
          <ConfirmDialog
            open={asking()}
            title={h('revoke.confirmTitle')}
            confirmLabel={h('revoke.confirm')}
            cancelLabel={h('revoke.cancel')}
            danger
            onConfirm={() => void revoke()}
            onCancel={() => setAsking(false)}
          >
            <p>{h('revoke.confirmBody')}</p>
          </ConfirmDialog>
        </section>
      </Match>
    </Switch>
  );
}
