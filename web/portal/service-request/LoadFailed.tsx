/** A request that could not be loaded (not one that does not exist): why, and a retry. */
import { FormAlert } from '../../components/Form.tsx';
import { errorText } from '../../lib/error-text.ts';
import { t } from './messages.ts';

/** `request` is the resource that failed (its `error` says why). */
export function LoadFailed(props: { request: { error: unknown }; retry: () => void }) {
  return (
    <FormAlert>
      <p>{t('loadFailed', { message: errorText(props.request.error) })}</p>
      <button type="button" class="button small secondary" onClick={() => props.retry()}>{t('retry')}</button>
    </FormAlert>
  );
}
