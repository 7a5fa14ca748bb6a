/** A request that could not be loaded (not one that does not exist): why, and a retry. */
import { FormAlert } from '../../components/Form.tsx';
import { ApiError } from '../../lib/api.ts';
import { t } from './messages.ts';

/** `request` is the resource that failed (its `error` says why). */
export function LoadFailed(props: { request: { error: unknown }; retry: () => void }) {
  const message = () => {
    const err = props.request.error;
    return err instanceof ApiError ? err.message : String(err);
  };
  return (
    <FormAlert>
      <p>{t('loadFailed', { message: message() })}</p>
      <button type="button" class="button small secondary" onClick={() => props.retry()}>{t('retry')}</button>
    </FormAlert>
  );
}
