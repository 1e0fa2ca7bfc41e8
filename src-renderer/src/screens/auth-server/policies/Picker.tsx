import { useEffect, useId, useRef, useState } from 'react';

/** One thing a picker offers: an app, a user, a group, a scope. */
export interface PickOption {
  id: string;
  label: string;
  sub?: string;
  kind?: 'user' | 'group' | 'app' | 'scope';
}

/**
 * A searchable multi-select (a combobox over a listbox, WAI-ARIA pattern): chips for what is
 * chosen, type to filter, ↑/↓ and Enter to pick, Backspace to drop the last chip, Escape to close.
 */
export function Picker(props: {
  id: string;
  selected: PickOption[];
  search(query: string, signal: AbortSignal): Promise<PickOption[]> | PickOption[];
  onAdd(option: PickOption): void;
  onRemove(id: string): void;
  placeholder?: string;
  invalid?: boolean;
  describedBy?: string;
  /** One choice only: picking replaces it. */
  single?: boolean;
  /** Text that is not among the options may still be picked (e.g. a scope name typed out). */
  free?(text: string): PickOption | undefined;
}) {
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<PickOption[]>([]);
  const [active, setActive] = useState(0);
  const [searching, setSearching] = useState(false);
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const chosen = new Set(props.selected.map((s) => s.id));
  // The latest search function, without restarting the search each time the parent renders.
  const search = useRef(props.search);
  search.current = props.search;

  useEffect(() => {
    if (!open) return;
    const abort = new AbortController();
    const t = setTimeout(() => {
      setSearching(true);
      Promise.resolve(search.current(query.trim(), abort.signal)).then(
        (found) => {
          if (abort.signal.aborted) return;
          setOptions(found);
          setActive(0);
          setSearching(false);
        },
        () => !abort.signal.aborted && setSearching(false),
      );
    }, 120);
    return () => {
      clearTimeout(t);
      abort.abort();
    };
  }, [query, open]);

  const freeOption = query.trim() && props.free ? props.free(query.trim()) : undefined;
  const shown = [...options.filter((o) => !chosen.has(o.id)), ...(freeOption && !options.some((o) => o.id === freeOption.id) && !chosen.has(freeOption.id) ? [freeOption] : [])];

  const pick = (o: PickOption | undefined) => {
    if (!o) return;
    if (props.single) for (const s of props.selected) props.onRemove(s.id);
    props.onAdd(o);
    setQuery('');
    // Closed after each pick, so the list never hides what comes next; typing or ↓ opens it again.
    setOpen(false);
    input.current?.focus();
  };

  return (
    <div className={`pl-picker${props.invalid ? ' pl-picker-invalid' : ''}`} onClick={() => input.current?.focus()}>
      {props.selected.map((s) => (
        <span key={s.id} className={`pl-pick-chip pl-pick-${s.kind ?? 'plain'}`} title={s.sub}>
          {s.kind && <KindIcon kind={s.kind} />}
          {s.label}
          <button type="button" aria-label={`Remove ${s.label}`} onClick={(e) => { e.stopPropagation(); props.onRemove(s.id); input.current?.focus(); }}>×</button>
        </span>
      ))}
      <input
        ref={input}
        id={props.id}
        role="combobox"
        aria-expanded={open && shown.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && shown[active] ? `${listId}-${active}` : undefined}
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid || undefined}
        autoComplete="off"
        value={query}
        placeholder={props.selected.length && !props.single ? '' : props.placeholder}
        onChange={(e) => { setQuery(e.target.value); setOpen(true); }}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') { e.preventDefault(); setOpen(true); setActive((a) => Math.min(a + 1, shown.length - 1)); }
          else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
          else if (e.key === 'Enter') { if (open && shown.length) { e.preventDefault(); pick(shown[Math.min(active, shown.length - 1)]); } }
          else if (e.key === 'Escape') { if (open) { e.preventDefault(); e.stopPropagation(); setOpen(false); } }
          else if (e.key === 'Backspace' && !query && props.selected.length) props.onRemove(props.selected[props.selected.length - 1]!.id);
        }}
      />
      {open && (shown.length > 0 || searching) && (
        <ul className="pl-pick-list" role="listbox" id={listId} aria-label="Suggestions">
          {shown.map((o, i) => (
            <li
              key={o.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={(e) => { e.stopPropagation(); pick(o); }}
            >
              {o.kind && <KindIcon kind={o.kind} />}
              <span className="pl-pick-label">{o.label}</span>
              {o.sub && <span className="pl-pick-sub">{o.sub}</span>}
            </li>
          ))}
          {searching && shown.length === 0 && <li className="pl-pick-none" aria-disabled="true">Searching…</li>}
        </ul>
      )}
    </div>
  );
}

/** A small glyph telling users, groups, apps and scopes apart at a glance. */
export function KindIcon(props: { kind: NonNullable<PickOption['kind']> }) {
  const paths: Record<string, string> = {
    user: 'M8 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm-5 6c0-2.8 2.2-4.5 5-4.5s5 1.7 5 4.5z',
    group: 'M5.5 7.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zm5.5 0a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM1 13.5C1 11.3 3 9.5 5.5 9.5S10 11.3 10 13.5zm10-4c2.2 0 4 1.5 4 4h-4z',
    app: 'M2.5 2.5h4.5v4.5H2.5zm6.5 0h4.5v4.5H9zM2.5 9h4.5v4.5H2.5zM9 9h4.5v4.5H9z',
    scope: 'M3 8.5 6.5 12 13 4.5',
  };
  return (
    <svg className={`pl-kind-icon pl-kind-${props.kind}`} width="12" height="12" viewBox="0 0 16 16" aria-hidden="true">
      {props.kind === 'scope' ? <path d={paths.scope} fill="none" stroke="currentColor" strokeWidth="2" /> : <path d={paths[props.kind]} fill="currentColor" />}
    </svg>
  );
}
