// A modal dialog on the native <dialog> element: the browser traps focus, closes on Escape and restores focus
// to the control that opened it, so keyboard use works without a focus-trap library.
import { useId, useLayoutEffect, useRef, type ReactNode } from 'react';

export const Dialog = (props: {
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly testId?: string;
  /** A dialog that must not close by accident (Escape still asks the onClose handler). */
  readonly className?: string;
}) => {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // A layout effect: its clean-up runs before React removes the element, so the dialog closes while still in
  // the page and the browser can hand focus back (a dialog removed while open leaves focus nowhere).
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      dialog.showModal();
    }
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={props.className ? `dialog ${props.className}` : 'dialog'}
      aria-labelledby={titleId}
      data-testid={props.testId}
      onCancel={(event) => {
        event.preventDefault();
        props.onClose();
      }}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{props.title}</h2>
        <button className="icon-button" aria-label="Close" onClick={props.onClose}>
          ×
        </button>
      </header>
      {props.children}
    </dialog>
  );
};
