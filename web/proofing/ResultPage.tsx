/**
 * Where the identity provider's callback leaves the phone (/p/result?status=…): success
 * says "go back to your computer"; a failure says what went wrong and what to do.
 */
import { createResource, Show } from 'solid-js';
import { useSearchParams } from '@solidjs/router';
import { api } from '../lib/api.ts';
import { FormAlert } from '../components/Form.tsx';
import { failureText, HelpLine, providerIn, t } from './messages.tsx';
import { cx } from '../lib/cx.ts';
import styles from './proofing.module.css';

/** Until the configuration arrives: the defaults of PROOFING_PROVIDER_NAME and its _EN. */
const DEFAULT_PROVIDER = { providerName: 'เป๋าตัง', providerNameEn: 'Pao Tang' };

export default function ResultPage() {
  const [params] = useSearchParams<{ status?: string; reason?: string }>();
  const [config] = createResource(() => api.public.config());
  const provider = () => providerIn(config.state === 'ready' ? config() : DEFAULT_PROVIDER);
  const done = () => params.status === 'done';
  const failure = () => failureText(params.reason, provider());

  return (
    <section class={cx('page', styles.page)} aria-labelledby="phone-heading">
      <Show
        when={done()}
        fallback={
          <div class={cx(styles.result, styles.failed)}>
            <div class={styles.mark} aria-hidden="true">!</div>
            <h1 id="phone-heading">{t('failTitle')}</h1>
            <FormAlert>{failure().what}</FormAlert>
            <h2>{t('whatToDo')}</h2>
            <p>{failure().todo}</p>
          </div>
        }
      >
        <div class={styles.result}>
          <div class={styles.mark} aria-hidden="true">✓</div>
          <h1 id="phone-heading">{t('doneTitle')}</h1>
          <p class={styles.backToComputer}>{t('doneBody')}</p>
          <p class="muted">{t('doneDetail')}</p>
        </div>
      </Show>
      <HelpLine class={styles.helpLine} />
    </section>
  );
}
