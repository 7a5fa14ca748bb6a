/** The top of a page under Accounts (create, import): the way back to the list, the heading and its lead. */
import { A } from '@solidjs/router';
import { t } from './messages.ts';

export function AccountsHeading(props: { heading: string; intro: string }) {
  return (
    <>
      <p class="no-print"><A href="/officer/accounts">← {t('backToList')}</A></p>
      <h1>{props.heading}</h1>
      <p class="lead">{props.intro}</p>
    </>
  );
}
