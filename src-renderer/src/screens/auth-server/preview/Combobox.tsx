import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { describeError } from '../../../api/client';

export interface Option<T> {
  id: string;
  label: string;
  sub?: string;
  value: T;
}

/**
 * A searchable picker (the ARIA 1.2 combobox pattern): type to search the server, arrows to move,
 * Enter to choose, Escape to close. Searches go to the server, so it stays fast with 10,000 users.
 */
export function Combobox<T>(props: {
  id: string;
  label: string;
  placeholder?: string;
  selected?: Option<T>;
  onSelect(o: Option<T> | undefined): void;
  search(q: string, signal: AbortSignal): Promise<Option<T>[]>;
  disabled?: boolean;
  error?: string;
  hint?: string;
  /** Words for "nothing matches", e.g. "No users match". */
  noMatch?: string;
  /** An "add" picker: the box empties after each choice. */
  clearOnSelect?: boolean;
}) {
  const listId = useId();
  const [text, setText] = useState(props.selected?.label ?? '');
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState<string | null>(null);
  const [results, setResults] = useState<Option<T>[]>([]);
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();
  const [active, setActive] = useState(0);
  const searchRef = useRef(props.search);
  searchRef.current = props.search;
  const listRef = useRef<HTMLUListElement>(null);

  // A selection made elsewhere (a draft restored, a reset) shows in the box.
  useEffect(() => {
    setText(props.selected?.label ?? '');
  }, [props.selected?.id, props.selected?.label]);

  useEffect(() => {
    if (query === null) return;
    const abort = new AbortController();
    setLoading(true);
    const t = setTimeout(() => {
      searchRef.current(query, abort.signal).then(
        (r) => {
          setResults(r);
          setFailure(undefined);
          setActive(0);
          setLoading(false);
        },
        (e: unknown) => {
          if (abort.signal.aborted) return;
          setFailure(describeError(e));
          setResults([]);
          setLoading(false);
        },
      );
    }, 150);
    return () => {
      clearTimeout(t);
      abort.abort();
    };
  }, [query]);

  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const choose = (o: Option<T>) => {
    props.onSelect(o);
    setText(props.clearOnSelect ? '' : o.label);
    setOpen(false);
  };
  const openWith = (q: string) => {
    setOpen(true);
    setQuery(q);
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) openWith(props.selected ? '' : text);
      else setActive((a) => Math.min(a + 1, results.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      if (open && results[active]) {
        e.preventDefault();
        choose(results[active]);
      }
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        e.stopPropagation();
        setOpen(false);
        setText(props.selected?.label ?? text);
      }
    }
  };

  const errorId = `${props.id}-error`;
  const hintId = `${props.id}-hint`;
  const message = props.error ?? failure;
  return (
    <div className={`field${message ? ' field-invalid' : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      <div className="pm-combo">
        <input
          id={props.id}
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && results[active] ? `${listId}-${active}` : undefined}
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? errorId : props.hint ? hintId : undefined}
          autoComplete="off"
          spellCheck={false}
          disabled={props.disabled}
          placeholder={props.placeholder}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (props.selected) props.onSelect(undefined);
            openWith(e.target.value.trim());
          }}
          onClick={() => !open && openWith(props.selected ? '' : text.trim())}
          onBlur={() => {
            setOpen(false);
            if (props.selected) setText(props.selected.label);
          }}
          onKeyDown={onKey}
        />
        {props.selected && !props.disabled && (
          <button
            type="button"
            className="pm-combo-clear"
            aria-label={`Clear ${props.label.toLowerCase()}`}
            onClick={() => {
              props.onSelect(undefined);
              setText('');
            }}
          >
            ×
          </button>
        )}
        {open && (
          <ul className="pm-combo-list" id={listId} role="listbox" aria-label={props.label} ref={listRef}>
            {loading && results.length === 0 && <li className="pm-combo-note" role="presentation">Searching…</li>}
            {!loading && !failure && results.length === 0 && (
              <li className="pm-combo-note" role="presentation">{props.noMatch ?? 'Nothing matches'}{query ? ` “${query}”` : ''}.</li>
            )}
            {results.map((o, i) => (
              <li
                key={o.id}
                id={`${listId}-${i}`}
                data-index={i}
                role="option"
                aria-selected={i === active}
                className={`pm-combo-option${i === active ? ' pm-combo-active' : ''}${props.selected?.id === o.id ? ' pm-combo-chosen' : ''}`}
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(o);
                }}
                onMouseEnter={() => setActive(i)}
              >
                <span className="pm-combo-label">{o.label}</span>
                {o.sub && <span className="pm-combo-sub">{o.sub}</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
      {message ? (
        <p className="field-error" id={errorId} role="alert">{message}</p>
      ) : props.hint ? (
        <p className="field-hint" id={hintId}>{props.hint}</p>
      ) : null}
    </div>
  );
}
