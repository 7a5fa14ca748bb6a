/**
 * Consent for a client that is not first-party (OpenID Connect, issue #14): which system asks,
 * what each scope releases, that the national ID never leaves, and Allow / Deny. The answer is
 * posted to the provider, which says where the browser goes: back to the client, either way.
 */
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { useSearchParams } from '@solidjs/router';
import { api, ApiError, type OidcInteraction } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { followProvider, interactionPaths, isInteractionUid } from '../../lib/oidc.ts';
import { t } from './messages.ts';
import styles from './ConsentPage.module.css';

const KNOWN_SCOPES = ['openid', 'profile', 'gfmis'] as const;
type KnownScope = (typeof KNOWN_SCOPES)[number];

const isKnownScope = (scope: string): scope is KnownScope => (KNOWN_SCOPES as readonly string[]).includes(scope);

/** What one scope releases; an unknown one is still named, so nothing is released unsaid. */
function released(scope: string): string {
  return isKnownScope(scope) ? t(`scope.${scope}`) : t('scope.other', { scope });
}

/** Undefined when the provider no longer knows the interaction (expired, finished, or a made-up uid). */
async function loadInteraction(uid: string | undefined): Promise<OidcInteraction | undefined> {
  if (!uid) return undefined;
  try {
    return await api.oidc.interaction(uid);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  }
}

/** The question and its two answers; `onGone` when the provider no longer knows the interaction. */
function ConsentForm(props: { interaction: OidcInteraction; onGone: () => void }) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();

  async function answer(e: SubmitEvent) {
    e.preventDefault();
    const decision = e.submitter instanceof HTMLButtonElement ? e.submitter.value : undefined;
    if (decision !== 'allow' && decision !== 'deny') return;
    setError(undefined);
    setBusy(true);
    try {
      const next = await api.oidc.consent(props.interaction.uid, decision);
      if (!followProvider(next.redirectTo)) throw new Error('not a URL');
      // The page stays busy until the browser leaves.
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 404) props.onGone();
      else setError(() => err);
    }
  }

  return (
    <div class={styles.card}>
      <h1>{t('heading', { client: props.interaction.clientName })}</h1>
      <p>{t('lead', { client: props.interaction.clientName })}</p>
      <ul class={styles.released}>
        <For each={props.interaction.scopes}>{(scope) => <li>{released(scope)}</li>}</For>
      </ul>
      <p class={styles.never}>{t('nationalId')}</p>
      <Show when={error()}>
        <p class="notice notice-error" role="alert">{errorText(error())}</p>
      </Show>
      <form method="post" action={interactionPaths.consent(props.interaction.uid)} class="actions" onSubmit={answer}>
        <button type="submit" class="button" name="decision" value="allow" disabled={busy()}>{t('allow')}</button>
        <button type="submit" class="button secondary" name="decision" value="deny" disabled={busy()}>{t('deny')}</button>
      </form>
    </div>
  );
}

export default function ConsentPage() {
  const [search] = useSearchParams<{ interaction?: string }>();
  const uid = () => (isInteractionUid(search.interaction) ? search.interaction : undefined);
  // The source is never falsy, so a missing or malformed uid still resolves (as "expired").
  const [interaction, { refetch, mutate }] = createResource(() => ({ uid: uid() }), (s) => loadInteraction(s.uid));

  return (
    <section class="page">
      <Switch>
        <Match when={interaction.state === 'errored'}>
          <div class={styles.card}>
            <h1>{t('failedHeading')}</h1>
            <p class="notice notice-error" role="alert">
              {t('failed', { message: errorText(interaction.error) })}
            </p>
            <button type="button" class="button secondary" onClick={() => void refetch()}>{t('retry')}</button>
          </div>
        </Match>
        {/* Read the value only when ready: reading a pending resource would suspend the whole page. */}
        <Match when={interaction.state === 'ready' && interaction()}>
          {(it) => <ConsentForm interaction={it()} onGone={() => mutate(undefined)} />}
        </Match>
        <Match when={interaction.state === 'ready'}>
          <div class={styles.card}>
            <h1>{t('expiredHeading')}</h1>
            <p class="notice notice-info" role="alert">{t('expired')}</p>
          </div>
        </Match>
        <Match when={true}>
          <p class="loading" role="status">{t('loading')}</p>
        </Match>
      </Switch>
    </section>
  );
}
