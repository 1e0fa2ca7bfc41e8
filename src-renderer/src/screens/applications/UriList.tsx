import { useRef, type ReactNode } from 'react';

/**
 * A list of URIs, one input per line, each with its own error beside it (the server's cause for
 * that URI, or the check as you type) and a button to remove it; Enter in a line adds the next.
 */
export function UriList(props: {
  id: string;
  label: string;
  /** The name of one line, e.g. "Redirect URI" (each input is "Redirect URI 2"). */
  item: string;
  hint?: ReactNode;
  rows: string[];
  rowErrors: (string | undefined)[];
  listError?: string;
  placeholder: string;
  required?: boolean;
  onChange(rows: string[]): void;
  onBlurRow(index: number): void;
}) {
  const list = useRef<HTMLDivElement>(null);
  const focusRow = (i: number) => requestAnimationFrame(() => list.current?.querySelectorAll('input')[i]?.focus());
  const set = (i: number, v: string) => props.onChange(props.rows.map((r, j) => (j === i ? v : r)));
  const add = () => {
    props.onChange([...props.rows, '']);
    focusRow(props.rows.length);
  };
  const remove = (i: number) => {
    props.onChange(props.rows.filter((_, j) => j !== i));
    focusRow(Math.max(0, i - 1));
  };
  return (
    <fieldset className={`uri-list${props.listError ? ' field-invalid' : ''}`} aria-describedby={`${props.id}-about`}>
      <legend>
        {props.label}
        {props.required && <span className="required" aria-hidden="true"> *</span>}
      </legend>
      {props.hint && <p className="field-hint" id={`${props.id}-about`}>{props.hint}</p>}
      <div ref={list} className="uri-rows">
        {props.rows.length === 0 && <p className="muted uri-none">None.</p>}
        {props.rows.map((row, i) => {
          const err = props.rowErrors[i];
          const inputId = `${props.id}-${i}`;
          return (
            <div key={i} className={`uri-row${err ? ' field-invalid' : ''}`}>
              <div className="uri-line">
                <input
                  id={inputId}
                  className="mono"
                  value={row}
                  spellCheck={false}
                  autoComplete="off"
                  placeholder={props.placeholder}
                  aria-label={`${props.item} ${i + 1}`}
                  aria-invalid={!!err}
                  aria-describedby={err ? `${inputId}-error` : undefined}
                  onChange={(e) => set(i, e.target.value)}
                  onBlur={() => props.onBlurRow(i)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      if (i === props.rows.length - 1) add();
                      else focusRow(i + 1);
                    }
                  }}
                />
                <button type="button" className="btn btn-ghost btn-icon" aria-label={`Remove ${props.item} ${i + 1}`} title="Remove" onClick={() => remove(i)}>
                  <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18" stroke="currentColor" strokeWidth="2" strokeLinecap="round" /></svg>
                </button>
              </div>
              {err && <p className="field-error" id={`${inputId}-error`} role="alert">{err}</p>}
            </div>
          );
        })}
      </div>
      {props.listError && <p className="field-error" id={`${props.id}-error`} role="alert">{props.listError}</p>}
      <button type="button" className="btn btn-ghost btn-small uri-add" onClick={add}>+ Add {props.item.toLowerCase().replace(/\buri\b/, 'URI')}</button>
    </fieldset>
  );
}
