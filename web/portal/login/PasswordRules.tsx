/**
 * The password rules beside a new-password form, each ticked as the person types when
 * the manual's policy is on; a screen reader hears whether each one is met.
 */
import { For, Show } from 'solid-js';
import type { PasswordRules as Rules } from '../../lib/api.ts';
import { lang } from '../../lib/i18n.ts';
import { cx } from '../../lib/cx.ts';
import { f } from './flow-messages.ts';
import styles from './login.module.css';

export function PasswordRules(props: { rules: Rules; met: boolean[] | undefined }) {
  // `rules` and `met` stay as hooks for browser tests.
  return (
    <section class={cx('rules', styles.rules)} aria-labelledby="rules-heading">
      <h2 id="rules-heading">{f('password.rules')}</h2>
      <ol>
        <For each={props.rules.rules[lang()]}>
          {(rule, i) => (
            <li class={props.met?.[i()] ? cx('met', styles.met) : undefined}>
              {rule}
              <Show when={props.met}>
                <span class="visually-hidden"> ({props.met![i()] ? f('password.rule.met') : f('password.rule.unmet')})</span>
              </Show>
            </li>
          )}
        </For>
      </ol>
    </section>
  );
}
