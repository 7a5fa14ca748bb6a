/** Reopen a request later by typing its tracking number. */
import { createSignal } from 'solid-js';
import { A, useNavigate } from '@solidjs/router';
import { TextField } from '../../components/Form.tsx';
import { normaliseTracking } from './form-model.ts';
import { cx } from '../../lib/cx.ts';
import { t } from './messages.ts';
import page from './service-request.module.css';

export default function LookupPage() {
  const navigate = useNavigate();
  const [value, setValue] = createSignal('');
  const [invalid, setInvalid] = createSignal(false);

  function submit(e: SubmitEvent) {
    e.preventDefault();
    const tracking = normaliseTracking(value());
    setInvalid(!tracking);
    if (!tracking) {
      document.getElementById('tracking')?.focus();
      return;
    }
    navigate(`/service-request/${tracking}`);
  }

  return (
    <section class={cx('page', page.page, page.narrow)} aria-labelledby="lookup-heading">
      <h1 id="lookup-heading">{t('lookupHeading')}</h1>
      <p class="lead">{t('lookupIntro')}</p>
      <form onSubmit={submit} novalidate>
        <TextField
          id="tracking"
          label={t('lookupField')}
          required
          maxLength={20}
          value={value()}
          onInput={(v) => {
            setValue(v.toUpperCase());
            if (invalid() && normaliseTracking(v)) setInvalid(false);
          }}
          hint={t('lookupHint')}
          error={invalid() ? { code: 'tracking_format', message: t('lookupInvalid') } : undefined}
        />
        <div class="actions">
          <button type="submit" class="button">{t('lookupSubmit')}</button>
          <A href="/service-request">{t('newRequest')}</A>
        </div>
      </form>
    </section>
  );
}
