import { Show } from 'solid-js';
import type { DeviceInfo } from '../lib/api.ts';
import { lang } from '../lib/i18n.ts';
import { formatDateTime } from '../lib/thai-date.ts';
import { m } from './messages.ts';

/** The activated token: whose it is, until when (Buddhist era), on which device. */
export function TokenCard(props: { device: DeviceInfo }) {
  return (
    <section class="app-card token-card" aria-labelledby="token-heading">
      <h2 id="token-heading">{m('card.title')}</h2>
      <dl class="facts">
        <div>
          <dt>{m('card.username')}</dt>
          <dd class="username">{props.device.username}</dd>
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
            <span class="badge" data-state={props.device.suspended ? 'bad' : 'good'}>
              {props.device.suspended ? m('card.suspended') : m('card.active')}
            </span>
          </dd>
        </div>
      </dl>
      <Show when={props.device.suspended}>
        <p class="notice notice-warning" role="alert">{m('card.suspended.body')}</p>
      </Show>
    </section>
  );
}
