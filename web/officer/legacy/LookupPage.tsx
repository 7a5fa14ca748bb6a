/**
 * Step 0, the officer's way in: an officer acts for a GFMIS Token Key user who is at
 * the counter (the hardware-token login itself lives in the old portal; see api/domain/legacy.ts).
 */
import { createSignal, Show } from 'solid-js';
import { useNavigate, useSearchParams } from '@solidjs/router';
import { FormAlert, TextField } from '../../components/Form.tsx';
import { t } from './messages.ts';
import ui from '../ui.module.css';

export default function LookupPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams<{ done?: string }>();
  const [username, setUsername] = createSignal('');

  function open(e: SubmitEvent) {
    e.preventDefault();
    const u = username().trim().toUpperCase();
    if (u) navigate(`/officer/legacy/${encodeURIComponent(u)}`);
  }

  return (
    <section class="page">
      <h1>{t('heading')}</h1>
      <p class="lead">{t('intro')}</p>
      <Show when={params.done}>
        <FormAlert kind="success">{t('done', { username: params.done ?? '' })}</FormAlert>
      </Show>
      <FormAlert kind="info">{t('checkId')}</FormAlert>
      <form onSubmit={open} class={ui.narrowForm}>
        <TextField id="legacy-username" label={t('username')} value={username()} onInput={setUsername} maxLength={15} required />
        <div class="actions">
          <button type="submit" class="button">{t('open')}</button>
        </div>
      </form>
    </section>
  );
}
