import { useEffect, useId, useRef, useState } from 'react';
import { api, describeError } from '../../api/client';
import { useDebounced } from './paged';

export interface PickerOption {
  id: string;
  title: string;
  sub?: string;
  /** Why it cannot be picked (already a member, built in…); shown instead of picking. */
  blocked?: string;
}

/**
 * A search-as-you-type combobox over an admin API list (`pathFor(text)`): arrows move, Enter picks,
 * Escape closes. Used to add people to groups and groups to people.
 */
export function Picker<T>(props: {
  label: string;
  placeholder: string;
  pathFor(text: string): string;
  toOption(item: T): PickerOption;
  onPick(item: T): void;
  disabled?: boolean;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<T[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [active, setActive] = useState(0);
  const query = useDebounced(text, 150);
  const { pathFor } = props;
  const wrap = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const abort = new AbortController();
    setLoading(true);
    api<T[]>(pathFor(query.trim()), { signal: abort.signal }).then(
      (r) => {
        setItems(r);
        setError(undefined);
        setLoading(false);
        setActive(0);
      },
      (e: unknown) => {
        if (abort.signal.aborted) return;
        setError(describeError(e));
        setLoading(false);
      },
    );
    return () => abort.abort();
  }, [query, open, pathFor]);

  const options = items.map((i) => ({ item: i, opt: props.toOption(i) }));
  const pick = (k: number) => {
    const o = options[k];
    if (!o || o.opt.blocked) return;
    props.onPick(o.item);
    setText('');
    setOpen(false);
  };

  return (
    <div
      className="dir-picker"
      ref={wrap}
      onBlur={(e) => {
        if (!wrap.current?.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <label htmlFor={`${id}-input`} className="dir-label">{props.label}</label>
      <input
        id={`${id}-input`}
        className="search"
        role="combobox"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={open && options[active] ? `${id}-opt-${active}` : undefined}
        placeholder={props.placeholder}
        value={text}
        disabled={props.disabled}
        autoComplete="off"
        onFocus={() => setOpen(true)}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(options.length - 1, a + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(0, a - 1));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            if (open) pick(active);
          } else if (e.key === 'Escape') {
            setOpen(false);
          }
        }}
      />
      {open && (
        <ul className="dir-picker-list" role="listbox" id={`${id}-list`} aria-label={props.label}>
          {loading && options.length === 0 && <li className="dir-picker-note">Searching…</li>}
          {error && <li className="dir-picker-note dir-bad">{error}</li>}
          {!loading && !error && options.length === 0 && <li className="dir-picker-note">Nothing starts with “{query}”.</li>}
          {options.map(({ opt }, k) => (
            <li
              key={opt.id}
              id={`${id}-opt-${k}`}
              role="option"
              aria-selected={k === active}
              aria-disabled={!!opt.blocked}
              className={`dir-picker-opt${k === active ? ' dir-picker-active' : ''}${opt.blocked ? ' dir-picker-blocked' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(k)}
              onClick={() => pick(k)}
            >
              <span className="dir-picker-title">{opt.title}</span>
              {opt.sub && <span className="cell-sub"> {opt.sub}</span>}
              {opt.blocked && <span className="dir-picker-why">{opt.blocked}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
