/**
 * ยกเลิกการใช้งาน Soft Token (R-8.3, manual ch. 7): a reason, a confirmation, then the token
 * is revoked, the holder released and the person logged out with a message.
 */
import { createSignal, For, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { api, ApiError, type RevokeReason } from '../../lib/api.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { FormAlert } from '../../components/Form.tsx';
import { lang, t as tGlobal } from '../../lib/i18n.ts';
import { h } from './messages.ts';
import { useProfile } from './PortalShell.tsx';

export default function RevokePage() {
  const profile = useProfile();
  const [reason, setReason] = createSignal<RevokeReason>();
  const [detail, setDetail] = createSignal('');
  const [problem, setProblem] = createSignal<'reason' | 'detail'>();
  const [asking, setAsking] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
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
      await api.portal.revoke({ reason: reason()!, detail: reason() === 'other' ? detail().trim() : undefined });
      setDone(true);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : tGlobal('error.unexpected'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Show
      when={!done()}
      fallback={
        // The session ended with the token: only the way back to the login remains.
        <div class="notice notice-success revoke-done" role="alert">
          <h2>{h('revoke.done')}</h2>
          <p>{h('revoke.doneBody')}</p>
          <A class="button" href="/" onClick={() => location.assign('/')}>{h('toLogin')}</A>
        </div>
      }
    >
      <section aria-labelledby="revoke-heading">
        <h2 id="revoke-heading">{h('menu.revoke')}</h2>
        <p>{h('revoke.intro')}</p>
        <form onSubmit={submit} novalidate>
          <fieldset class="field" classList={{ 'has-error': problem() === 'reason' }} aria-describedby={problem() === 'reason' ? 'reason-error' : undefined}>
            <legend>{h('revoke.reason')}</legend>
            <For each={profile.latest?.revokeReasons ?? []}>
              {(r) => (
                <label class="radio">
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
            <FormAlert>{error()!}</FormAlert>
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
    </Show>
  );
}
