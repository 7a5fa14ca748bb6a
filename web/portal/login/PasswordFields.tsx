/**
 * The password fields of a change and a reset: their values and errors, the checks made before
 * asking to save (none empty, the new password meets the rules, the confirmation matches), the
 * server's field errors, and the fields themselves (the rules sit beside them). Errors are kept
 * as codes and worded while rendering, so they follow the language switch.
 */
import { createSignal, For } from 'solid-js';
import { ApiError } from '../../lib/api.ts';
import { PasswordField } from '../../components/Form.tsx';
import { localFieldError, type FieldError } from '../../components/field-messages.ts';
import { f } from './flow-messages.ts';

type Label = 'password.old' | 'password.new' | 'password.confirm';

/** `unmet`: the rules the new password does not meet yet, in the current language (empty when unknown). */
export function usePasswordFields<F extends string>(labels: Record<F, Label>, unmet: () => string[]) {
  const fields = Object.keys(labels) as F[];
  const [values, setValues] = createSignal(Object.fromEntries(fields.map((k) => [k, ''])) as Record<F, string>);
  const [errors, setErrors] = createSignal<Partial<Record<F, FieldError>>>({});
  const focusFirst = (errs: Partial<Record<string, FieldError>>) => {
    const first = fields.find((field) => errs[field]) ?? Object.keys(errs)[0];
    if (first) document.getElementById(first)?.focus();
    return Boolean(first);
  };
  const value = (field: string) => (values() as Record<string, string>)[field] ?? '';

  /** The error under a field, worded now. */
  function errorOf(field: F): FieldError | undefined {
    const error = errors()[field];
    if (error?.code === 'required' && !error.message) return { code: 'required', message: f('password.required', { field: f(labels[field]) }) };
    if (error?.code === 'password_rules') return { code: 'password_rules', message: f('password.unmet', { rules: unmet().join(' · ') }) };
    return error;
  }

  return {
    labels,
    fields,
    values,
    errorOf,
    set: (field: F) => (next: string) => {
      setValues((v) => ({ ...v, [field]: next }));
      setErrors((e) => ({ ...e, [field]: undefined }));
    },
    /** Marks what would be refused (empty, a rule not met, a confirmation that differs) and focuses the first; true when none is. */
    check(): boolean {
      const found: Partial<Record<string, FieldError>> = {};
      for (const field of fields) if (!value(field)) found[field] = localFieldError('required');
      if (!found.newPassword && unmet().length) found.newPassword = { code: 'password_rules', message: '' };
      if (!found.confirmPassword && !found.newPassword && value('confirmPassword') !== value('newPassword')) {
        found.confirmPassword = localFieldError('password_mismatch');
      }
      setErrors(() => found as Partial<Record<F, FieldError>>);
      return !focusFirst(found);
    },
    /** Shows the server's field errors, focusing the first; false when the error names no field. */
    showFieldErrors(err: unknown): boolean {
      if (!(err instanceof ApiError) || !Object.keys(err.fields).length) return false;
      setErrors(() => err.fields as Partial<Record<F, FieldError>>);
      return focusFirst(err.fields);
    },
  };
}

export type PasswordFieldsState<F extends string> = ReturnType<typeof usePasswordFields<F>>;

export function PasswordFields<F extends string>(props: { state: PasswordFieldsState<F>; autocomplete: (field: F) => 'current-password' | 'new-password' }) {
  return (
    <For each={props.state.fields}>
      {(field) => (
        <PasswordField
          id={field}
          label={f(props.state.labels[field])}
          required
          autocomplete={props.autocomplete(field)}
          maxLength={256}
          value={props.state.values()[field]}
          onInput={props.state.set(field)}
          error={props.state.errorOf(field)}
        />
      )}
    </For>
  );
}
