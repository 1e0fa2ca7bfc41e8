import type { ReactNode } from 'react';
import { describeError, type ApiError } from '../api/client';

/* The workbench's small building blocks; their look lives in styles.css. */

export function Page(props: { title: string; subtitle?: ReactNode; actions?: ReactNode; crumbs?: ReactNode; children: ReactNode }) {
  return (
    <section className="page" aria-labelledby="page-title">
      {props.crumbs && <nav className="crumbs" aria-label="Breadcrumb">{props.crumbs}</nav>}
      <header className="page-head">
        <div>
          <h1 id="page-title">{props.title}</h1>
          {props.subtitle && <p className="subtitle">{props.subtitle}</p>}
        </div>
        {props.actions && <div className="actions">{props.actions}</div>}
      </header>
      {props.children}
    </section>
  );
}

export function Button(props: { children: ReactNode; onClick?: () => void; kind?: 'primary' | 'secondary' | 'danger' | 'ghost'; type?: 'button' | 'submit'; disabled?: boolean; title?: string }) {
  return (
    <button type={props.type ?? 'button'} className={`btn btn-${props.kind ?? 'secondary'}`} onClick={props.onClick} disabled={props.disabled} title={props.title}>
      {props.children}
    </button>
  );
}

const TONES: Record<string, string> = { ACTIVE: 'good', INACTIVE: 'muted', SUCCESS: 'good', ALLOW: 'good', FAILURE: 'bad', DENY: 'bad', NEXT: 'info', EXPIRED: 'muted', STAGED: 'muted', LOCKED_OUT: 'bad', SUSPENDED: 'warn', PROVISIONED: 'info' };

export function Badge(props: { children: string; tone?: 'good' | 'bad' | 'warn' | 'info' | 'muted' }) {
  return <span className={`badge badge-${props.tone ?? TONES[props.children] ?? 'info'}`}>{props.children}</span>;
}

export function ErrorBanner(props: { error: unknown; title?: string }) {
  return (
    <div className="banner banner-error" role="alert">
      <strong>{props.title ?? 'Something went wrong'}</strong>
      <span>{describeError(props.error)}</span>
    </div>
  );
}

/**
 * A form's error: causes the form shows beside their fields are not repeated here; anything else
 * (a cause for a field the form does not have, a conflict, the network) is.
 */
export function FormError(props: { error: ApiError | undefined; fields: string[]; title?: string }) {
  const e = props.error;
  if (!e) return null;
  const placed = e.causes.filter((c) => props.fields.some((f) => c.startsWith(`${f}:`)));
  if (e.causes.length > 0 && placed.length === e.causes.length) {
    return <div className="banner banner-error" role="alert"><strong>{props.title ?? 'Not saved'}</strong><span>Check the fields marked below.</span></div>;
  }
  const rest = e.causes.filter((c) => !placed.includes(c));
  return (
    <div className="banner banner-error" role="alert">
      <strong>{props.title ?? 'Not saved'}</strong>
      <span>{rest.length ? rest.join('; ') : e.summary}</span>
    </div>
  );
}

export function Loading(props: { what: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> Loading {props.what}…
    </p>
  );
}

export function Empty(props: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <strong>{props.title}</strong>
      {props.children && <p>{props.children}</p>}
    </div>
  );
}

export function Field(props: { label: string; hint?: string; error?: string; children: ReactNode; htmlFor: string }) {
  return (
    <div className={`field${props.error ? ' field-invalid' : ''}`}>
      <label htmlFor={props.htmlFor}>{props.label}</label>
      {props.children}
      {props.error ? (
        <p className="field-error" id={`${props.htmlFor}-error`} role="alert">
          {props.error}
        </p>
      ) : props.hint ? (
        <p className="field-hint">{props.hint}</p>
      ) : null}
    </div>
  );
}

export function Tabs(props: { tabs: { id: string; label: string; href: string }[]; current: string }) {
  return (
    <nav className="tabs" aria-label="Sections">
      {props.tabs.map((t) => (
        <a key={t.id} href={t.href} className={t.id === props.current ? 'tab tab-current' : 'tab'} aria-current={t.id === props.current ? 'page' : undefined}>
          {t.label}
        </a>
      ))}
    </nav>
  );
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
