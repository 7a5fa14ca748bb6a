/** นโยบายความเป็นส่วนตัว (PDPA): what is kept, why, how long (the server's periods), who sees it, whom to ask. */
import { createResource, For, Match, Switch } from 'solid-js';
import { FormAlert } from '../../components/Form.tsx';
import { api, type PrivacyFacts } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { HELP_PHONE } from '../../lib/help-line.ts';
import { t } from './messages.ts';

const COLLECTED = [
  'collect.nationalId', 'collect.names', 'collect.birthDate', 'collect.address', 'collect.phones', 'collect.email',
  'collect.appointment', 'collect.scan', 'collect.passkey', 'collect.logins',
] as const;

function Retention(props: { days: PrivacyFacts['retentionDays'] }) {
  return (
    <ul>
      <li>{t('keep.appointment', { days: props.days.appointment })}</li>
      <li>{t('keep.scan', { days: props.days.scan })}</li>
      <li>{t('keep.draft', { days: props.days.draft })}</li>
      <li>{t('keep.expired', { days: props.days.expired })}</li>
      <li>{t('keep.holder')}</li>
      <li>{t('keep.audit')}</li>
    </ul>
  );
}

export default function PrivacyPage() {
  const [facts, { refetch }] = createResource(() => api.public.privacy());
  return (
    <section class="page" aria-labelledby="privacy-heading">
      <h1 id="privacy-heading">{t('heading')}</h1>
      <p class="lead">{t('intro')}</p>

      <h2>{t('collectHeading')}</h2>
      <ul>
        <For each={COLLECTED}>{(key) => <li>{t(key)}</li>}</For>
      </ul>

      <h2>{t('whyHeading')}</h2>
      <p>{t('why')}</p>

      <h2>{t('keepHeading')}</h2>
      <Switch>
        <Match when={facts.state === 'errored'}>
          <FormAlert>
            <p>{t('keepFailed', { message: errorText(facts.error) })}</p>
            <button type="button" class="button small secondary" onClick={() => void refetch()}>{t('retry')}</button>
          </FormAlert>
        </Match>
        {/* Read the value only when ready: reading a pending resource would suspend the whole page. */}
        <Match when={facts.state === 'ready' && facts()}>{(f) => <Retention days={f().retentionDays} />}</Match>
        <Match when={true}><p class="loading">{t('keepLoading')}</p></Match>
      </Switch>

      <h2>{t('whoHeading')}</h2>
      <p>{t('who')}</p>

      <h2>{t('protectHeading')}</h2>
      <p>{t('protect')}</p>

      <h2>{t('contactHeading')}</h2>
      <p>{t('contact', { phone: HELP_PHONE })}</p>
    </section>
  );
}
