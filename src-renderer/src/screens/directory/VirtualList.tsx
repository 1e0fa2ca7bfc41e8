import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

/*
 * A windowed grid: every row has the same height, so the rows in view are a slice computed from
 * the scroll offset; only that slice (plus a few rows either side) is in the DOM, which keeps a list
 * of 10,000 people as quick as a list of ten. One tab stop; arrows, Page Up/Down, Home/End move the
 * active row (aria-activedescendant), Enter opens it.
 */

export interface Column {
  id: string;
  label: string;
  /** A CSS grid track, e.g. `2fr` or `140px`. */
  width: string;
  align?: 'left' | 'right';
}

export interface VirtualListProps {
  label: string;
  idPrefix: string;
  columns: Column[];
  count: number;
  /** When the full count is known (the last page has been read). */
  complete: boolean;
  rowHeight: number;
  /** The most the scrolling area may take (CSS); a short list takes only what it needs. */
  height: string;
  overscan?: number;
  rowKey(index: number): string;
  renderCells(index: number): ReactNode[];
  onOpen?(index: number): void;
  /** Called with the first and last row in view whenever they change (to read more pages). */
  onRange?(first: number, last: number): void;
  /** Shown under the last row: loading, the end, an error. */
  footer?: ReactNode;
  /** Where to start scrolled to (coming back to a list), and where it is scrolled now. */
  initialScrollTop?: number;
  onScrollTop?(top: number): void;
}

const FOOTER_HEIGHT = 48;

export function VirtualList(props: VirtualListProps) {
  const { count, rowHeight, overscan = 8 } = props;
  const viewport = useRef<HTMLDivElement>(null);
  const [first, setFirst] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(480);
  const [active, setActive] = useState(-1);

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    if (props.initialScrollTop) {
      el.scrollTop = props.initialScrollTop;
      setFirst(Math.floor(el.scrollTop / rowHeight));
    }
    setViewportHeight(el.clientHeight);
    const ro = new ResizeObserver(() => setViewportHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const visible = Math.max(1, Math.ceil(viewportHeight / rowHeight));
  const last = Math.min(count - 1, first + visible - 1);
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);

  const onRange = props.onRange;
  useEffect(() => {
    onRange?.(first, last);
  }, [first, last, count, onRange]);

  // The active row may fall off the end when the list shrinks (a new search).
  useEffect(() => {
    if (active >= count) setActive(count - 1);
  }, [active, count]);

  const onScroll = () => {
    const el = viewport.current;
    if (!el) return;
    setFirst(Math.min(Math.max(0, count - 1), Math.floor(el.scrollTop / rowHeight)));
    props.onScrollTop?.(el.scrollTop);
  };

  const reveal = (i: number) => {
    const el = viewport.current;
    if (!el) return;
    const top = i * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
  };

  const move = (to: number) => {
    if (count === 0) return;
    const i = Math.max(0, Math.min(count - 1, to));
    setActive(i);
    reveal(i);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const cur = active < 0 ? first : active;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active < 0 ? first : cur + 1),
      ArrowUp: () => move(cur - 1),
      PageDown: () => move(cur + visible - 1),
      PageUp: () => move(cur - visible + 1),
      Home: () => move(0),
      End: () => move(count - 1),
      Enter: () => {
        if (active >= 0) props.onOpen?.(active);
      },
    };
    const run = keys[e.key];
    if (run) {
      e.preventDefault();
      run();
    }
  };

  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    const cells = props.renderCells(i);
    rows.push(
      <div
        key={props.rowKey(i)}
        id={`${props.idPrefix}-row-${i}`}
        role="row"
        aria-rowindex={i + 2}
        aria-selected={i === active}
        className={i === active ? 'vlist-row vlist-body-row vlist-active' : 'vlist-row vlist-body-row'}
        style={{ transform: `translateY(${i * rowHeight}px)`, height: rowHeight, gridTemplateColumns: template(props.columns) }}
        onClick={(e) => {
          setActive(i);
          if (!(e.target as HTMLElement).closest('a,button,input,select')) props.onOpen?.(i);
        }}
      >
        {cells.map((c, k) => (
          <div role="gridcell" key={props.columns[k]!.id} className={props.columns[k]!.align === 'right' ? 'vlist-cell vlist-right' : 'vlist-cell'}>
            {c}
          </div>
        ))}
      </div>,
    );
  }

  return (
    <div
      className="vlist"
      role="grid"
      aria-label={props.label}
      aria-rowcount={props.complete ? count + 1 : -1}
      aria-colcount={props.columns.length}
      tabIndex={0}
      aria-activedescendant={active >= 0 && active < count ? `${props.idPrefix}-row-${active}` : undefined}
      onKeyDown={onKeyDown}
      onFocus={(e) => {
        if (e.target === e.currentTarget && active < 0 && count > 0) setActive(first);
      }}
    >
      <div role="rowgroup" className="vlist-head">
        <div role="row" aria-rowindex={1} className="vlist-row" style={{ gridTemplateColumns: template(props.columns) }}>
          {props.columns.map((c) => (
            <div role="columnheader" key={c.id} className={c.align === 'right' ? 'vlist-cell vlist-right' : 'vlist-cell'}>
              {c.label}
            </div>
          ))}
        </div>
      </div>
      <div className="vlist-viewport" ref={viewport} style={{ height: `min(${count * rowHeight + (props.footer ? FOOTER_HEIGHT : 0)}px, ${props.height})` }} onScroll={onScroll} data-testid={`${props.idPrefix}-viewport`}>
        <div className="vlist-canvas" style={{ height: count * rowHeight + (props.footer ? FOOTER_HEIGHT : 0) }}>
          <div role="rowgroup">{rows}</div>
          {props.footer && (
            <div className="vlist-footer" style={{ top: count * rowHeight, height: FOOTER_HEIGHT }}>
              {props.footer}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

function template(columns: Column[]): string {
  return columns.map((c) => c.width).join(' ');
}
