import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from '../../components/ui';
import { TYPE_INFO } from './model';
import type { AppType } from './types';

/* Small pieces the Applications screens share. */

/** A glyph per application type: globe (web), browser window (SPA), phone (native), server rack (service). */
export function AppTypeIcon(props: { type: AppType; size?: number }) {
  const s = props.size ?? 20;
  const common = { width: s, height: s, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 1.8, strokeLinecap: 'round' as const, strokeLinejoin: 'round' as const, 'aria-hidden': true };
  switch (props.type) {
    case 'web':
      return (
        <svg {...common}>
          <circle cx="12" cy="12" r="9" />
          <path d="M3 12h18M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9c-2.5-2.6-3.8-5.6-3.8-9S9.5 5.6 12 3z" />
        </svg>
      );
    case 'browser':
      return (
        <svg {...common}>
          <rect x="3" y="4" width="18" height="16" rx="2" />
          <path d="M3 9h18" />
          <path d="M6 6.5h.01M8.5 6.5h.01" strokeWidth="2.4" />
          <path d="M9 14l-2 1.5L9 17M15 14l2 1.5-2 1.5" />
        </svg>
      );
    case 'native':
      return (
        <svg {...common}>
          <rect x="6.5" y="2.5" width="11" height="19" rx="2.2" />
          <path d="M10.5 18.5h3" />
        </svg>
      );
    case 'service':
      return (
        <svg {...common}>
          <rect x="3.5" y="4" width="17" height="7" rx="1.6" />
          <rect x="3.5" y="13" width="17" height="7" rx="1.6" />
          <path d="M7 7.5h.01M7 16.5h.01" strokeWidth="2.6" />
          <path d="M11 7.5h6M11 16.5h6" />
        </svg>
      );
  }
}

/** The type as a coloured badge with its glyph. */
export function TypeBadge(props: { type: AppType }) {
  return (
    <span className={`app-type app-type-${props.type}`}>
      <AppTypeIcon type={props.type} size={14} />
      {TYPE_INFO[props.type].short}
    </span>
  );
}

async function writeClipboard(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Fall back to a selection copy (older Electron, no permission).
  }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  document.body.appendChild(ta);
  ta.select();
  const ok = document.execCommand('copy');
  ta.remove();
  if (!ok) throw new Error('The clipboard is not available here.');
}

/** Copies `text`, then says so for two seconds (announced to screen readers). */
export function CopyButton(props: { text: string; label: string; children?: ReactNode }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    try {
      await writeClipboard(props.text);
      setState('copied');
    } catch {
      setState('failed');
    }
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), 2000);
  };
  return (
    <span className="copy">
      <button type="button" className="btn btn-secondary btn-small" onClick={() => void copy()} aria-label={props.label}>
        {props.children ?? 'Copy'}
      </button>
      <span role="status" className={state === 'failed' ? 'copy-note copy-failed' : 'copy-note'}>
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select the text instead' : ''}
      </span>
    </span>
  );
}

/**
 * A destructive action that asks first, in place: the button turns into the question, with the
 * consequence in words, a confirming button and Cancel (Escape cancels too).
 */
export function ConfirmButton(props: { label: string; question: string; consequence: ReactNode; confirmLabel: string; onConfirm(): Promise<void> | void; disabled?: boolean; kind?: 'danger' | 'secondary'; small?: boolean }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" className={`btn btn-${props.kind ?? 'danger'}${props.small ? ' btn-small' : ''}`} onClick={() => setAsking(true)} disabled={props.disabled}>
        {props.label}
      </button>
    );
  }
  const confirm = async () => {
    setBusy(true);
    try {
      await props.onConfirm();
    } finally {
      setBusy(false);
      setAsking(false);
    }
  };
  return (
    <div className="confirm" role="group" aria-label={props.question} onKeyDown={(e) => { if (e.key === 'Escape') setAsking(false); }}>
      <div className="confirm-text">
        <strong>{props.question}</strong>
        <span>{props.consequence}</span>
      </div>
      <div className="confirm-actions">
        <button ref={confirmRef} type="button" className="btn btn-danger-solid" onClick={() => void confirm()} disabled={busy}>{busy ? 'Working…' : props.confirmLabel}</button>
        <Button kind="ghost" onClick={() => setAsking(false)}>Cancel</Button>
      </div>
    </div>
  );
}
