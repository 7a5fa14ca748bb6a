/** One new account: unit, optional existing username and note; its slip goes straight to print. */
import { createResource, createSignal, Show } from 'solid-js';
import { A, useNavigate } from '@solidjs/router';
import { FormAlert, SelectField, TextField } from '../../components/Form.tsx';
import { api, ApiError, type FieldErrors } from '../../lib/api.ts';
import { useOfficer } from '../session.ts';
import { errorText } from '../ui.tsx';
import ui from '../ui.module.css';
import { t as common } from '../messages.ts';
import { AccountsHeading } from './AccountsHeading.tsx';
import { t } from './messages.ts';
import { holdSlips } from './slip-store.ts';

export default function CreatePage() {
  const officer = useOfficer();
  const navigate = useNavigate();
  const [units] = createResource(() => api.officer.units());
  const [unitCode, setUnitCode] = createSignal('');
  const [username, setUsername] = createSignal('');
  const [displayName, setDisplayName] = createSignal('');
  const [legacy, setLegacy] = createSignal(false);
  const [fields, setFields] = createSignal<FieldErrors>({});
  const [error, setError] = createSignal('');
  const [legacyCreated, setLegacyCreated] = createSignal('');
  const [busy, setBusy] = createSignal(false);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    setError('');
    setFields({});
    setLegacyCreated('');
    try {
      const { created } = await api.officer.createAccount({
        unitCode: unitCode(), username: username().trim() || undefined, displayName: displayName().trim() || undefined, legacyToken: legacy(),
      });
      if (created[0]?.slip) {
        holdSlips(created);
        navigate('/officer/accounts/slips');
      } else {
        setLegacyCreated(created[0]?.username ?? '');
      }
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length) setFields(err.fields);
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page">
      <AccountsHeading heading={t('createHeading')} intro={t('createIntro')} />
      <Show when={officer.can('admin')} fallback={<FormAlert kind="info">{common('adminOnly')}</FormAlert>}>
        <form onSubmit={submit} novalidate class={ui.narrowForm}>
          <Show when={error()}><FormAlert>{error()}</FormAlert></Show>
          <Show when={legacyCreated()}>
            <FormAlert kind="success">
              {t('createdLegacy', { username: legacyCreated() })}{' '}
              <A href={`/officer/legacy/${legacyCreated()}`}>{t('openLegacy')}</A>
            </FormAlert>
          </Show>
          <SelectField
            id="unitCode" label={t('unit')} required value={unitCode()} onChange={setUnitCode} placeholder={t('unitPick')}
            options={(units.latest ?? []).map((u) => ({ value: u.code, label: `${u.code} ${u.name}` }))} error={fields().unitCode}
          />
          <TextField id="username" label={t('usernameOptional')} hint={t('usernameHint')} value={username()} onInput={setUsername} maxLength={15} error={fields().username} />
          <TextField id="displayName" label={t('displayName')} hint={t('displayNameHint')} value={displayName()} onInput={setDisplayName} maxLength={200} error={fields().displayName} />
          <label class="checkbox">
            <input type="checkbox" checked={legacy()} onChange={(e) => setLegacy(e.currentTarget.checked)} />
            {t('legacyToken')}
          </label>
          <div class="actions">
            <button type="submit" class="button" disabled={busy()}>{busy() ? t('creating') : t('submitCreate')}</button>
          </div>
        </form>
      </Show>
    </section>
  );
}
