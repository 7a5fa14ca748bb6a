/**
 * Connected systems (admins): the OpenID Connect clients that sign their users in with Soft
 * Token. Register one, edit its URIs, issue a new secret, disable or enable it. A secret is in
 * the answer of the call that made it and shown once here; the list never has it.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { Badge } from '../../components/Badge.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { FormAlert, TextAreaField, TextField } from '../../components/Form.tsx';
import { api, ApiError, type FieldErrors, type NewOidcClient, type OidcClient } from '../../lib/api.ts';
import { lang } from '../../lib/i18n.ts';
import { FilterField } from '../filters.tsx';
import { ListPage, useListParams, type Column } from '../ListPage.tsx';
import { t as common } from '../messages.ts';
import { useOfficer } from '../session.ts';
import { CopyButton, errorText } from '../ui.tsx';
import ui from '../ui.module.css';
import { t } from './messages.ts';
import styles from './ClientsPage.module.css';

type Action = 'rotate' | 'disable' | 'enable';
type Pending = { action: Action; client: OidcClient };
/** A secret just made, shown until the admin closes it. */
type Shown = { name: string; clientId: string; secret: string };

const FILTERS = ['q'] as const;

/** A textarea's lines, blanks dropped. */
const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

function columns(edit: (c: OidcClient) => void, ask: (p: Pending) => void): Array<Column<OidcClient>> {
  return [
    { header: t('name'), cell: (c) => c.name },
    { header: t('clientId'), class: 'mono', cell: (c) => c.id },
    {
      header: t('redirectUris'),
      cell: (c) => <ul class={styles.uris}><For each={c.redirectUris}>{(u) => <li class="mono">{u}</li>}</For></ul>,
    },
    {
      header: t('type'),
      cell: (c) => (
        <div class={styles.badges}>
          <Badge size="small">{c.public ? t('public') : t('confidential')}</Badge>
          <Show when={c.firstParty}><Badge size="small">{t('firstParty')}</Badge></Show>
        </div>
      ),
    },
    {
      header: t('status'),
      cell: (c) => <Badge size="small" tone={c.disabledAt ? 'muted' : 'success'}>{c.disabledAt ? t('disabled') : t('active')}</Badge>,
    },
    {
      header: t('actions'),
      class: ui.rowActions,
      cell: (c) => (
        <>
          <button type="button" class="button small secondary" aria-label={t('editOf', { name: c.name })} onClick={() => edit(c)}>{t('edit')}</button>
          <Show when={!c.public}>
            <button type="button" class="button small secondary" aria-label={t('rotateOf', { name: c.name })} onClick={() => ask({ action: 'rotate', client: c })}>
              {t('rotate')}
            </button>
          </Show>
          <Show
            when={c.disabledAt}
            fallback={
              <button type="button" class="button small secondary" aria-label={t('disableOf', { name: c.name })} onClick={() => ask({ action: 'disable', client: c })}>
                {t('disable')}
              </button>
            }
          >
            <button type="button" class="button small secondary" aria-label={t('enableOf', { name: c.name })} onClick={() => ask({ action: 'enable', client: c })}>
              {t('enable')}
            </button>
          </Show>
        </>
      ),
    },
  ];
}

/** The create form, or the edit form of `client` (which cannot change public/confidential). */
function ClientForm(props: { client?: OidcClient; onDone: (result: { client: OidcClient; secret: string | null }) => void; onCancel: () => void }) {
  const editing = () => props.client !== undefined;
  const [name, setName] = createSignal(props.client?.name ?? '');
  const [redirects, setRedirects] = createSignal(props.client?.redirectUris.join('\n') ?? '');
  const [postLogout, setPostLogout] = createSignal(props.client?.postLogoutRedirectUris.join('\n') ?? '');
  const [backchannel, setBackchannel] = createSignal(props.client?.backchannelLogoutUri ?? '');
  const [isPublic, setPublic] = createSignal(false);
  const [firstParty, setFirstParty] = createSignal(props.client?.firstParty ?? false);
  const [fields, setFields] = createSignal<FieldErrors>({});
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    setError('');
    setFields({});
    const input: NewOidcClient = {
      name: name(), redirectUris: lines(redirects()), postLogoutRedirectUris: lines(postLogout()),
      backchannelLogoutUri: backchannel().trim() || null, firstParty: firstParty(),
    };
    try {
      if (props.client) props.onDone({ ...(await api.officer.updateOidcClient(props.client.id, input)), secret: null });
      else props.onDone(await api.officer.createOidcClient({ ...input, public: isPublic() }));
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length) setFields(err.fields);
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} novalidate class={styles.form} aria-labelledby="client-form-title">
      <h2 id="client-form-title">{props.client ? t('editHeading', { name: props.client.name }) : t('createHeading')}</h2>
      <Show when={error()}><FormAlert>{error()}</FormAlert></Show>
      <TextField id="name" label={t('name')} required hint={t('nameHint')} value={name()} onInput={setName} maxLength={100} error={fields().name} />
      <TextAreaField id="redirectUris" label={t('redirectUrisLabel')} required hint={t('redirectUrisHint')} rows={3}
        value={redirects()} onInput={setRedirects} error={fields().redirectUris} />
      <TextAreaField id="postLogoutRedirectUris" label={t('postLogoutLabel')} rows={2}
        value={postLogout()} onInput={setPostLogout} error={fields().postLogoutRedirectUris} />
      <TextField id="backchannelLogoutUri" label={t('backchannelLabel')} value={backchannel()} onInput={setBackchannel} maxLength={2000} error={fields().backchannelLogoutUri} />
      <Show when={!editing()}>
        <label class="checkbox">
          <input type="checkbox" name="public" checked={isPublic()} onChange={(e) => setPublic(e.currentTarget.checked)} />
          {t('publicLabel')}
        </label>
      </Show>
      <label class="checkbox">
        <input type="checkbox" name="firstParty" checked={firstParty()} onChange={(e) => setFirstParty(e.currentTarget.checked)} />
        {t('firstPartyLabel')}
      </label>
      <div class="actions">
        <button type="submit" class="button" disabled={busy()}>
          {editing() ? (busy() ? t('saving') : t('save')) : (busy() ? t('creating') : t('submitCreate'))}
        </button>
        <button type="button" class="button secondary" onClick={() => props.onCancel()}>{t('cancel')}</button>
      </div>
    </form>
  );
}

/** The secret, once: a warning, client_id and client_secret with copy buttons. */
function SecretBox(props: { shown: Shown; onClose: () => void }) {
  return (
    <div class={styles.secret} role="region" aria-labelledby="secret-title" data-testid="client-secret-box">
      <h2 id="secret-title">{t('secretTitle', { name: props.shown.name })}</h2>
      <p class="notice notice-warning" role="alert">{t('secretOnce')}</p>
      <dl class={ui.credentials}>
        <div>
          <dt>{t('clientId')}</dt>
          <dd><span class="mono" data-testid="client-id">{props.shown.clientId}</span> <CopyButton value={props.shown.clientId} label={t('clientId')} /></dd>
        </div>
        <div>
          <dt>{t('clientSecret')}</dt>
          <dd><span class="mono" data-testid="client-secret">{props.shown.secret}</span> <CopyButton value={props.shown.secret} label={t('clientSecret')} /></dd>
        </div>
      </dl>
      <button type="button" class="button secondary" onClick={() => props.onClose()}>{t('done')}</button>
    </div>
  );
}

function ClientsList() {
  const params = useListParams(FILTERS);
  const query = () => ({ q: params.params.q || undefined, page: params.page(), pageSize: 20 });
  const [clients, { refetch }] = createResource(() => ({ ...query(), lang: lang() }), ({ lang: _l, ...q }) => api.officer.oidcClients(q));
  // null: no form; {}: the create form; { client }: its edit form.
  const [form, setForm] = createSignal<{ client?: OidcClient } | null>(null);
  const [pending, setPending] = createSignal<Pending | null>(null);
  const [shown, setShown] = createSignal<Shown | null>(null);
  const [notice, setNotice] = createSignal<{ kind: 'success' | 'error'; text: () => string } | null>(null); // words made when shown: they follow a language switch

  function open(client?: OidcClient) {
    setNotice(null);
    setShown(null);
    setForm({ client });
  }

  function done(result: { client: OidcClient; secret: string | null }) {
    const wasEdit = form()?.client !== undefined;
    setForm(null);
    if (result.secret) setShown({ name: result.client.name, clientId: result.client.id, secret: result.secret });
    else setNotice({ kind: 'success', text: () => wasEdit ? t('saved', { name: result.client.name }) : t('publicCreated', { name: result.client.name }) });
    void refetch();
  }

  async function run() {
    const p = pending();
    setPending(null);
    if (!p) return;
    setNotice(null);
    setShown(null);
    try {
      if (p.action === 'rotate') {
        const { secret } = await api.officer.rotateOidcClientSecret(p.client.id);
        setShown({ name: p.client.name, clientId: p.client.id, secret });
      } else {
        await api.officer.setOidcClientDisabled(p.client.id, p.action === 'disable');
        setNotice({ kind: 'success', text: () => t(p.action === 'disable' ? 'disabledDone' : 'enabledDone', { name: p.client.name }) });
      }
      void refetch();
    } catch (err) {
      setNotice({ kind: 'error', text: () => errorText(err) });
    }
  }

  const dialog = () => {
    const p = pending();
    const name = p?.client.name ?? '';
    if (p?.action === 'disable') return { title: t('disableTitle'), body: t('disableBody', { name }), danger: true };
    if (p?.action === 'enable') return { title: t('enableTitle'), body: t('enableBody', { name }), danger: false };
    return { title: t('rotateTitle'), body: t('rotateBody', { name }), danger: true };
  };

  return (
    <ListPage
      heading={t('heading')}
      intro={t('intro')}
      actions={
        <Show when={!form()}>
          <p class="actions"><button type="button" class="button" onClick={() => open()}>{t('create')}</button></p>
        </Show>
      }
      params={params}
      filters={{
        label: t('search'),
        clearable: true,
        fields: (
          <FilterField name="q" label={t('q')}>
            <input id="q" name="q" type="search" maxLength={100} value={query().q ?? ''} />
          </FilterField>
        ),
      }}
      status={
        <>
          {/* Keyed: opening another client's form starts from its values. */}
          <Show when={form()} keyed>
            {(f) => <ClientForm client={f.client} onDone={done} onCancel={() => setForm(null)} />}
          </Show>
          <Show when={shown()}>{(s) => <SecretBox shown={s()} onClose={() => setShown(null)} />}</Show>
          <Show when={notice()}>{(n) => <FormAlert kind={n().kind}>{n().text()}</FormAlert>}</Show>
        </>
      }
      list={clients}
      retry={refetch}
      caption={t('caption')}
      empty={t('empty')}
      columns={columns(open, setPending)}
      rowData={(c) => ({ 'data-client-id': c.id })}
    >
      <ConfirmDialog
        open={pending() !== null}
        title={dialog().title}
        confirmLabel={t('confirm')}
        cancelLabel={t('cancel')}
        danger={dialog().danger}
        onConfirm={run}
        onCancel={() => setPending(null)}
      >
        <p>{dialog().body}</p>
      </ConfirmDialog>
    </ListPage>
  );
}

export default function ClientsPage() {
  const officer = useOfficer();
  return (
    <Show
      when={officer.can('admin')}
      fallback={
        <section class="page">
          <h1>{t('heading')}</h1>
          <FormAlert kind="info">{common('adminOnly')}</FormAlert>
        </section>
      }
    >
      <ClientsList />
    </Show>
  );
}
