/**
 * Where the identity provider's callback leaves the phone (/p/result?status=…): success
 * says "go back to your computer"; a failure says what went wrong and what to do.
 */
import { createResource, Show } from 'solid-js';
import { useSearchParams } from '@solidjs/router';
import { api } from '../lib/api.ts';
import { FormAlert } from '../components/Form.tsx';
import { failureText, HelpLine, t } from './messages.tsx';
import './proofing.css';

const DEFAULT_PROVIDER = 'เป๋าตัง';

export default function ResultPage() {
  const [params] = useSearchParams<{ status?: string; reason?: string }>();
  const [config] = createResource(() => api.public.config());
  const provider = () => (config.state === 'ready' ? config().providerName : DEFAULT_PROVIDER);
  const done = () => params.status === 'done';
  const failure = () => failureText(params.reason, provider());

  return (
    <section class="page phone-page" aria-labelledby="phone-heading">
      <Show
        when={done()}
        fallback={
          <div class="phone-result failed">
            <div class="result-mark" aria-hidden="true">!</div>
            <h1 id="phone-heading">{t('failTitle')}</h1>
            <FormAlert>{failure().what}</FormAlert>
            <h2>{t('whatToDo')}</h2>
            <p>{failure().todo}</p>
          </div>
        }
      >
        <div class="phone-result done">
          <div class="result-mark" aria-hidden="true">✓</div>
          <h1 id="phone-heading">{t('doneTitle')}</h1>
          <p class="back-to-computer">{t('doneBody')}</p>
          <p class="muted">{t('doneDetail')}</p>
        </div>
      </Show>
      <HelpLine />
    </section>
  );
}
