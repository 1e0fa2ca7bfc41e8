import { useState, type ReactNode } from 'react';
import type { ApiError } from '../../../api/client';
import { duration } from './words';

/*
 * Form pieces the policy and rule forms share: server causes matched to fields by prefix (the
 * server writes `conditions.clients.include: …`), fieldsets with their error, durations, switches.
 */

/** The server's messages for `fields` (each matching itself or anything under it). */
export function causesFor(error: ApiError | undefined, ...fields: string[]): string | undefined {
  if (!error) return undefined;
  const hits = error.causes.filter((c) => fields.some((f) => c.startsWith(`${f}:`) || c.startsWith(`${f}.`)));
  if (!hits.length) return undefined;
  return hits.map((c) => c.slice(c.indexOf(':') + 1).trim()).join(' ');
}

/** The form's error banner: what is shown beside fields is not repeated here. */
export function FormProblem(props: { error: ApiError | undefined; placed: string[]; title: string }) {
  const e = props.error;
  if (!e) return null;
  const rest = e.causes.filter((c) => !props.placed.some((f) => c.startsWith(`${f}:`) || c.startsWith(`${f}.`)));
  return (
    <div className="banner banner-error" role="alert">
      <strong>{props.title}</strong>
      <span>{e.causes.length && !rest.length ? 'Check the fields marked below.' : rest.length ? rest.join(' ') : e.summary}</span>
    </div>
  );
}

/** A group of controls under one legend, with its error or hint below (announced). */
export function FieldSet(props: { legend: ReactNode; id: string; error?: string; hint?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <fieldset className={`pl-fset${props.error ? ' pl-fset-invalid' : ''} ${props.className ?? ''}`} aria-describedby={props.error || props.hint ? `${props.id}-msg` : undefined}>
      <legend>{props.legend}</legend>
      {props.children}
      {props.error ? (
        <p className="field-error" id={`${props.id}-msg`} role="alert">{props.error}</p>
      ) : props.hint ? (
        <p className="field-hint" id={`${props.id}-msg`}>{props.hint}</p>
      ) : null}
    </fieldset>
  );
}

const UNIT_SIZES = { minutes: 1, hours: 60, days: 1440 } as const;
type Unit = keyof typeof UNIT_SIZES;

function bestUnit(minutes: number): Unit {
  if (minutes >= 1440 && minutes % 1440 === 0) return 'days';
  if (minutes >= 60 && minutes % 60 === 0) return 'hours';
  return 'minutes';
}

/** A length of time as a number and a unit; reports minutes (NaN while it is not a whole number of minutes). */
export function DurationInput(props: { id: string; label: string; minutes: number; onChange(minutes: number): void; invalid?: boolean; describedBy?: string; disabled?: boolean }) {
  const [unit, setUnit] = useState<Unit>(() => bestUnit(props.minutes));
  const [text, setText] = useState(() => (Number.isFinite(props.minutes) ? String(props.minutes / UNIT_SIZES[bestUnit(props.minutes)]) : ''));
  const report = (t: string, u: Unit) => {
    const n = Number(t);
    const m = n * UNIT_SIZES[u];
    props.onChange(t.trim() !== '' && Number.isFinite(n) && n > 0 && Math.abs(m - Math.round(m)) < 1e-6 ? Math.round(m) : NaN);
  };
  return (
    <span className="pl-duration">
      <input
        id={props.id}
        inputMode="decimal"
        value={text}
        disabled={props.disabled}
        aria-invalid={props.invalid || undefined}
        aria-describedby={props.describedBy}
        onChange={(e) => { setText(e.target.value); report(e.target.value, unit); }}
      />
      <select aria-label={`${props.label}, unit`} value={unit} disabled={props.disabled} onChange={(e) => { const u = e.target.value as Unit; setUnit(u); report(text, u); }}>
        <option value="minutes">minutes</option>
        <option value="hours">hours</option>
        <option value="days">days</option>
      </select>
      {Number.isFinite(props.minutes) && !props.disabled && bestUnit(props.minutes) !== unit && <span className="muted pl-duration-words">= {duration(props.minutes)}</span>}
    </span>
  );
}

/** An on/off switch (role="switch"), e.g. a rule's ACTIVE status. */
export function Switch(props: { on: boolean; label: string; onChange(on: boolean): void; disabled?: boolean; text?: boolean; id?: string }) {
  return (
    <button
      type="button"
      role="switch"
      id={props.id}
      aria-checked={props.on}
      aria-label={props.label}
      title={props.on ? 'Active: click to deactivate' : 'Inactive: click to activate'}
      className={`pl-switch${props.on ? ' pl-on' : ''}`}
      disabled={props.disabled}
      onClick={() => props.onChange(!props.on)}
    >
      <span className="pl-switch-track" aria-hidden="true"><span className="pl-switch-thumb" /></span>
      {props.text && <span className="pl-switch-text">{props.on ? 'Active' : 'Inactive'}</span>}
    </button>
  );
}

/** A small square button with an icon and a spoken name. */
export function IconButton(props: { label: string; onClick(): void; disabled?: boolean; children: ReactNode; id?: string }) {
  return (
    <button type="button" id={props.id} className="pl-icon-btn" aria-label={props.label} title={props.label} disabled={props.disabled} onClick={props.onClick}>
      {props.children}
    </button>
  );
}

export const ArrowUp = () => (
  <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true"><path d="M8 3v10M3.5 7.5 8 3l4.5 4.5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" /></svg>
);
export const ArrowDown = () => (
  <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true"><path d="M8 13V3M3.5 8.5 8 13l4.5-4.5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" /></svg>
);
export const Grip = () => (
  <svg width="12" height="16" viewBox="0 0 12 16" aria-hidden="true">
    {[3, 8, 13].map((y) => [3, 9].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r="1.4" fill="currentColor" />))}
  </svg>
);
