import { Show } from 'solid-js';
import type { DeviceInfo } from '../lib/api.ts';
import { lang } from '../lib/i18n.ts';
import { formatDateTime } from '../lib/thai-date.ts';
import { m } from './messages.ts';
import { Badge } from '../components/Badge.tsx';
import { cx } from '../lib/cx.ts';
import app from './app.module.css';
import styles from './TokenCard.module.css';

/** The activated token: whose it is, until when (Buddhist era), on which device. */
export function TokenCard(props: { device: DeviceInfo }) {
  // Suspension outranks expiry: an expired token can be renewed, a suspended one cannot.
  const state = () => (props.device.suspended ? 'suspended' : new Date(props.device.validUntil).getTime() <= Date.now() ? 'expired' : 'active');
  // `token-card` stays on the card as a hook for browser tests.
  return (
    <section class={cx('token-card', app.card)} aria-labelledby="token-heading">
      <h2 id="token-heading">{m('card.title')}</h2>
      <dl class={styles.facts}>
        <div>
          <dt>{m('card.username')}</dt>
          <dd class={styles.username}>{props.device.username}</dd>
        </div>
        <Show when={props.device.unit}>
          {(unit) => (
            <div>
              <dt>{m('card.unit')}</dt>
              <dd>{unit().name}<span class="muted"> · {unit().ministry}</span></dd>
            </div>
          )}
        </Show>
        <div>
          <dt>{m('card.validUntil')}</dt>
          <dd>{formatDateTime(props.device.validUntil, lang())}</dd>
        </div>
        <Show when={props.device.deviceLabel}>
          <div>
            <dt>{m('card.device')}</dt>
            <dd>{props.device.deviceLabel}</dd>
          </div>
        </Show>
        <div>
          <dt>{m('card.status')}</dt>
          <dd>
            <Badge tone={state() === 'active' ? 'success' : 'danger'}>{m(`card.${state()}`)}</Badge>
          </dd>
        </div>
      </dl>
      <Show when={state() !== 'active'}>
        <p class="notice notice-warning" role="alert">{m(state() === 'expired' ? 'card.expired.body' : 'card.suspended.body')}</p>
      </Show>
    </section>
  );
}
