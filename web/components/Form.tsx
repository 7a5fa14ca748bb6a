/**
 * Form building blocks: every input has a visible <label for>, a required mark, and its
 * error (or hint) under it, tied with aria-describedby so screen readers read it too.
 */
import { createSignal, For, onCleanup, onMount, Show, splitProps, type JSX } from 'solid-js';
import { t } from '../lib/i18n.ts';
import { fieldErrorText, type FieldError } from './field-messages.ts';
import './forms.css';

type FieldFrame = {
  id: string;
  label: JSX.Element;
  required?: boolean;
  error?: FieldError;
  hint?: JSX.Element;
  class?: string;
};

function describedBy(p: FieldFrame) {
  return [p.error ? `${p.id}-error` : '', p.hint ? `${p.id}-hint` : ''].filter(Boolean).join(' ') || undefined;
}

/** Label, control, hint and error. */
function Frame(props: FieldFrame & { children: JSX.Element }) {
  return (
    <div class={`field ${props.class ?? ''}`} classList={{ 'has-error': Boolean(props.error) }}>
      {/* The mark sits outside the label: the field's name stays the manual's label; `required` tells assistive tech. */}
      <div class="field-label">
        <Show when={props.required}>
          <span class="required" aria-hidden="true">*</span>
        </Show>
        <label for={props.id}>{props.label}</label>
      </div>
      {props.children}
      <Show when={props.hint}>
        <p class="field-hint" id={`${props.id}-hint`}>{props.hint}</p>
      </Show>
      <Show when={props.error}>
        <p class="field-error" id={`${props.id}-error`}>{fieldErrorText(props.error)}</p>
      </Show>
    </div>
  );
}

/** What a one-line and a several-line text field share. */
type TextControlProps = FieldFrame & {
  value: string;
  onInput?: (value: string) => void;
  onBlur?: () => void;
  maxLength?: number;
  placeholder?: string;
};

/** The input's and the textarea's common attributes: name, length, error and hint wiring, value and events (getters keep them reactive when spread). */
function textControl(props: TextControlProps) {
  return {
    get id() { return props.id; },
    get name() { return props.id; },
    get maxLength() { return props.maxLength; },
    get placeholder() { return props.placeholder; },
    get 'aria-invalid'() { return props.error ? ('true' as const) : undefined; },
    get 'aria-describedby'() { return describedBy(props); },
    get value() { return props.value; },
    onInput: (e: InputEvent & { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => props.onInput?.(e.currentTarget.value),
    onBlur: () => props.onBlur?.(),
  };
}

type TextFieldProps = TextControlProps & {
  type?: 'text' | 'email' | 'tel' | 'password';
  inputMode?: 'text' | 'numeric' | 'tel' | 'email';
  autocomplete?: string;
  readOnly?: boolean;
  ref?: (el: HTMLInputElement) => void;
};

export function TextField(props: TextFieldProps) {
  const [frame] = splitProps(props, ['id', 'label', 'required', 'error', 'hint', 'class']);
  return (
    <Frame {...frame}>
      <input
        ref={props.ref}
        {...textControl(props)}
        type={props.type ?? 'text'}
        inputmode={props.inputMode}
        autocomplete={props.autocomplete ?? 'off'}
        readOnly={props.readOnly}
        required={props.required && !props.readOnly}
      />
    </Frame>
  );
}

type PasswordFieldProps = TextControlProps & {
  autocomplete: 'current-password' | 'new-password';
  ref?: (el: HTMLInputElement) => void;
};

/** A password with the button that shows what was typed (a mistyped new password is caught before saving). */
export function PasswordField(props: PasswordFieldProps) {
  const [frame] = splitProps(props, ['id', 'label', 'required', 'error', 'hint', 'class']);
  const [shown, setShown] = createSignal(false);
  return (
    <Frame {...frame}>
      <div class="password-row">
        <input
          ref={props.ref}
          {...textControl(props)}
          type={shown() ? 'text' : 'password'}
          autocomplete={props.autocomplete}
          required={props.required}
        />
        <button type="button" class="button secondary small" aria-controls={props.id} onClick={() => setShown((v) => !v)}>
          {shown() ? t('password.hide') : t('password.show')}
        </button>
      </div>
    </Frame>
  );
}

type TextAreaFieldProps = TextControlProps & {
  rows?: number;
  ref?: (el: HTMLTextAreaElement) => void;
};

/** Several lines of text (a reason, a note), with the same label, hint and error wiring as TextField. */
export function TextAreaField(props: TextAreaFieldProps) {
  const [frame] = splitProps(props, ['id', 'label', 'required', 'error', 'hint', 'class']);
  return (
    <Frame {...frame}>
      <textarea
        ref={props.ref}
        {...textControl(props)}
        rows={props.rows ?? 3}
        required={props.required}
      />
    </Frame>
  );
}

export type Option = { value: string; label: string };

type SelectFieldProps = FieldFrame & {
  value: string;
  options: readonly Option[];
  /** The first, empty choice ("เลือกจังหวัด", or "loading…" while the list loads). */
  placeholder: string;
  onChange: (value: string) => void;
  disabled?: boolean;
};

export function SelectField(props: SelectFieldProps) {
  const [frame] = splitProps(props, ['id', 'label', 'required', 'error', 'hint', 'class']);
  return (
    <Frame {...frame}>
      <select
        id={props.id}
        name={props.id}
        required={props.required}
        disabled={props.disabled}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props)}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        <option value="" selected={props.value === ''}>{props.placeholder}</option>
        <For each={props.options}>{(o) => <option value={o.value} selected={o.value === props.value}>{o.label}</option>}</For>
      </select>
    </Frame>
  );
}

/** A value the person cannot change (proven by the identity provider), shown as a read-only input. */
export function ReadOnlyField(props: { id: string; label: JSX.Element; value: string | null | undefined; class?: string }) {
  return (
    <div class={`field ${props.class ?? ''}`}>
      <label for={props.id}>{props.label}</label>
      <input id={props.id} type="text" readOnly value={props.value || '-'} class="readonly" />
    </div>
  );
}

/**
 * A message for the whole form (role=alert so it is announced when it appears). An error that
 * came with fields marked invalid sums them up: it goes once the person has fixed them all.
 */
export function FormAlert(props: { children: JSX.Element; kind?: 'error' | 'info' | 'success' | 'warning' }) {
  const error = () => props.kind === 'error' || !props.kind;
  const [fixed, setFixed] = createSignal(false);
  let box!: HTMLDivElement;
  onMount(() => {
    const form = box.closest('form');
    if (!error() || !form) return;
    let summing = false;
    const look = () => {
      const invalid = form.querySelector('[aria-invalid="true"]') !== null;
      summing ||= invalid;
      setFixed(summing && !invalid);
    };
    look();
    const observer = new MutationObserver(look);
    observer.observe(form, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-invalid'] });
    onCleanup(() => observer.disconnect());
  });
  return (
    <div ref={box} class={`notice notice-${props.kind ?? 'error'}`} role={error() ? 'alert' : undefined} hidden={fixed()}>
      {props.children}
    </div>
  );
}
