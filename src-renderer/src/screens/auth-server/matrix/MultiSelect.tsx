import { useEffect, useId, useRef, useState } from 'react';

/**
 * A filter over a list: a button saying what is chosen ("All 4", "2 of 5"), opening a panel of
 * checkboxes with a search, "All" and "None". `value` null means everything.
 */
export function MultiSelect(props: {
  label: string;
  items: { id: string; name: string; sub?: string }[];
  value: string[] | null;
  onChange(v: string[] | null): void;
}) {
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const chosen = new Set(props.value ?? props.items.map((i) => i.id));
  const count = props.items.filter((i) => chosen.has(i.id)).length;
  const summary = props.value === null || count === props.items.length ? `All ${props.items.length}` : count === 0 ? 'None' : count === 1 ? props.items.find((i) => chosen.has(i.id))!.name : `${count} of ${props.items.length}`;

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    props.onChange(next.size === props.items.length ? null : props.items.filter((i) => next.has(i.id)).map((i) => i.id));
  };
  const visible = props.items.filter((i) => !q || i.name.toLowerCase().includes(q.toLowerCase()));

  return (
    <div
      className="mx-ms"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <span className="mx-filter-label" id={`${panelId}-label`}>{props.label}</span>
      <button
        ref={button}
        type="button"
        className={`mx-ms-button${props.value !== null && count < props.items.length ? ' mx-ms-narrowed' : ''}`}
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={panelId}
        aria-labelledby={`${panelId}-label ${panelId}-summary`}
        onClick={() => setOpen((o) => !o)}
      >
        <span id={`${panelId}-summary`}>{summary}</span>
        <span aria-hidden="true" className="mx-caret">▾</span>
      </button>
      {open && (
        <div className="mx-ms-panel" id={panelId} role="group" aria-label={props.label}>
          {props.items.length > 8 && (
            <input className="search mx-ms-search" aria-label={`Search ${props.label.toLowerCase()}`} placeholder="Search…" value={q} onChange={(e) => setQ(e.target.value)} autoFocus />
          )}
          <div className="mx-ms-actions">
            <button type="button" className="btn btn-ghost pm-small" onClick={() => props.onChange(null)}>All</button>
            <button type="button" className="btn btn-ghost pm-small" onClick={() => props.onChange([])}>None</button>
          </div>
          <div className="mx-ms-list">
            {visible.map((i) => (
              <label key={i.id} className="checkbox mx-ms-item">
                <input type="checkbox" checked={chosen.has(i.id)} onChange={() => toggle(i.id)} />
                <span>{i.name}{i.sub && <span className="cell-sub"> {i.sub}</span>}</span>
              </label>
            ))}
            {visible.length === 0 && <p className="muted mx-ms-none">Nothing matches “{q}”.</p>}
          </div>
        </div>
      )}
    </div>
  );
}
