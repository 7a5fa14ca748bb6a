import { createEffect, type JSX } from 'solid-js';
import './forms.css';

/**
 * A modal yes/no question on the native <dialog> (focus trapped, Esc cancels), instead of
 * window.confirm, which cannot be styled or translated and which browsers may suppress.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children?: JSX.Element;
  confirmLabel: string;
  cancelLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  let dialog!: HTMLDialogElement;
  createEffect(() => {
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  });
  return (
    <dialog
      ref={dialog}
      class="confirm"
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id="confirm-title">{props.title}</h2>
      {props.children}
      <div class="actions end">
        <button type="button" class="button secondary" onClick={() => props.onCancel()}>{props.cancelLabel}</button>
        <button type="button" class={`button ${props.danger ? 'danger' : ''}`} onClick={() => props.onConfirm()}>{props.confirmLabel}</button>
      </div>
    </dialog>
  );
}
