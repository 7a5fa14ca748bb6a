/**
 * The password fields of a change and a reset: their values and errors, the check that none is
 * left empty, the server's field errors, and the fields themselves (the rules sit beside them).
 */
import { createSignal, For } from 'solid-js';
import { ApiError, type FieldErrors } from '../../lib/api.ts';
import { TextField } from '../../components/Form.tsx';
import { f } from './flow-messages.ts';

type Label = 'password.old' | 'password.new' | 'password.confirm';

export function usePasswordFields<F extends string>(labels: Record<F, Label>) {
  const fields = Object.keys(labels) as F[];
  const [values, setValues] = createSignal(Object.fromEntries(fields.map((k) => [k, ''])) as Record<F, string>);
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const focusFirst = (errs: FieldErrors) => {
    const first = Object.keys(errs)[0];
    if (first) document.getElementById(first)?.focus();
    return Boolean(first);
  };
  return {
    labels,
    fields,
    values,
    errors,
    set: (field: F) => (value: string) => {
      setValues((v) => ({ ...v, [field]: value }));
      setErrors((e) => ({ ...e, [field]: undefined as never }));
    },
    /** Marks the empty fields and focuses the first; true when every field is filled. */
    filled(): boolean {
      const missing: FieldErrors = {};
      for (const field of fields) {
        if (!values()[field]) missing[field] = { code: 'required', message: f('password.required', { field: f(labels[field]) }) };
      }
      setErrors(missing);
      return !focusFirst(missing);
    },
    /** Shows the server's field errors, focusing the first; false when the error names no field. */
    showFieldErrors(err: unknown): boolean {
      if (!(err instanceof ApiError) || !Object.keys(err.fields).length) return false;
      setErrors(err.fields);
      return focusFirst(err.fields);
    },
  };
}

export type PasswordFieldsState<F extends string> = ReturnType<typeof usePasswordFields<F>>;

export function PasswordFields<F extends string>(props: { state: PasswordFieldsState<F>; autocomplete: (field: F) => string }) {
  return (
    <For each={props.state.fields}>
      {(field) => (
        <TextField
          id={field}
          type="password"
          label={f(props.state.labels[field])}
          required
          autocomplete={props.autocomplete(field)}
          maxLength={256}
          value={props.state.values()[field]}
          onInput={props.state.set(field)}
          error={props.state.errors()[field]}
        />
      )}
    </For>
  );
}
