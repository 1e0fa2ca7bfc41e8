import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Button } from '../../components/ui';

/** An inline confirmation for a destructive action: says what will happen, then asks. */
export function Confirm(props: { title: string; children?: ReactNode; confirmLabel: string; busy?: boolean; onConfirm(): void; onCancel(): void; danger?: boolean }) {
  const id = useId();
  const confirmRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    confirmRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, []);
  return (
    <div
      className={props.danger === false ? 'dir-confirm' : 'dir-confirm dir-confirm-danger'}
      role="alertdialog"
      aria-labelledby={`${id}-t`}
      aria-describedby={`${id}-d`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          props.onCancel();
        }
      }}
    >
      <div>
        <strong id={`${id}-t`}>{props.title}</strong>
        <div id={`${id}-d`} className="dir-confirm-text">{props.children}</div>
      </div>
      <div className="actions" ref={confirmRef}>
        <Button kind={props.danger === false ? 'primary' : 'danger'} onClick={props.onConfirm} disabled={props.busy}>{props.busy ? 'Working…' : props.confirmLabel}</Button>
        <Button kind="ghost" onClick={props.onCancel}>Cancel</Button>
      </div>
    </div>
  );
}
