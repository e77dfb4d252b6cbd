import { useId, useLayoutEffect, useRef, type ReactNode } from 'react';
import { Button } from './Button';
import { CloseIcon } from './Icon';
import './Dialog.css';

export interface DialogProps {
  open: boolean;
  /** Called for the close button, Escape, and any other way the browser closes the dialog. */
  onClose: () => void;
  title: string;
  children: ReactNode;
  /** Room for a list or a table (a plan to read through) rather than a question and its answers. */
  wide?: boolean;
}

/**
 * A modal on the native <dialog>: the browser supplies the focus trap, Escape, inert background
 * and focus return to the opener, which hand-rolled modals routinely get wrong. Mark the element
 * that should take focus on opening with `data-autofocus`.
 */
export function Dialog({ open, onClose, title, children, wide = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  // Before paint, so content that is cleared as the dialog closes never flashes in an empty box.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // The browser focuses the first focusable element, the close button; a form wants its first field.
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog ref={ref} className={wide ? 'dialog dialog--wide' : 'dialog'} aria-labelledby={titleId} onClose={onClose}>
      <header className="dialog__header">
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        <Button variant="ghost" size="sm" icon={<CloseIcon />} aria-label={`Close ${title}`} onClick={onClose} />
      </header>
      <div className="dialog__body">{children}</div>
    </dialog>
  );
}
