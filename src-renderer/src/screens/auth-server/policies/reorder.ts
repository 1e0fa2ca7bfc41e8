import { useCallback, useEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';

/*
 * Reordering a vertical list by dragging a handle (pointer events: mouse, pen and touch alike),
 * with an insertion line where the item will land, auto-scroll near the edges and Escape to cancel.
 * The keyboard way (Alt+↑/↓ or the Move buttons) calls the same `onMove`.
 */

export interface DragState {
  from: number;
  to: number;
  dy: number;
}

function scroller(el: HTMLElement | null): HTMLElement | null {
  for (let e = el?.parentElement; e; e = e.parentElement) {
    const o = getComputedStyle(e).overflowY;
    if (o === 'auto' || o === 'scroll') return e;
  }
  return null;
}

export function useDragReorder(onMove: (from: number, to: number) => void) {
  const items = useRef<(HTMLElement | null)[]>([]);
  const [drag, setDrag] = useState<DragState | null>(null);
  const cleanup = useRef<(() => void) | null>(null);
  useEffect(() => () => cleanup.current?.(), []);

  const itemRef = useCallback((index: number) => (el: HTMLElement | null) => {
    items.current[index] = el;
  }, []);

  const handleProps = (index: number) => ({
    onPointerDown(e: ReactPointerEvent<HTMLElement>) {
      if (e.button !== 0 || !items.current[index]) return;
      e.preventDefault();
      const handle = e.currentTarget;
      handle.setPointerCapture(e.pointerId);
      // No text selection while dragging.
      const userSelect = document.body.style.userSelect;
      document.body.style.userSelect = 'none';
      const box = scroller(items.current[index]);
      const startTop = items.current[index]!.getBoundingClientRect().top;
      const startY = e.clientY;
      let lastY = e.clientY;
      let to = index;
      let scrollTimer: number | undefined;
      const target = (y: number) => {
        let n = 0;
        items.current.forEach((el, i) => {
          if (!el || i === index) return;
          const r = el.getBoundingClientRect();
          if (r.top + r.height / 2 < y) n++;
        });
        return n;
      };
      const update = () => {
        to = target(lastY);
        const moved = items.current[index]!.getBoundingClientRect().top - startTop;
        setDrag({ from: index, to, dy: lastY - startY - moved });
      };
      const autoScroll = () => {
        if (!box) return;
        const r = box.getBoundingClientRect();
        const edge = 48;
        const step = lastY < r.top + edge ? -12 : lastY > r.bottom - edge ? 12 : 0;
        if (step) {
          box.scrollTop += step;
          update();
        }
      };
      const move = (ev: PointerEvent) => {
        lastY = ev.clientY;
        update();
      };
      const finish = (commit: boolean) => {
        handle.removeEventListener('pointermove', move);
        handle.removeEventListener('pointerup', up);
        handle.removeEventListener('pointercancel', cancel);
        window.removeEventListener('keydown', key, true);
        window.clearInterval(scrollTimer);
        document.body.style.userSelect = userSelect;
        cleanup.current = null;
        setDrag(null);
        if (commit && to !== index) onMove(index, to);
      };
      const up = () => finish(true);
      const cancel = () => finish(false);
      const key = (ev: globalThis.KeyboardEvent) => {
        if (ev.key === 'Escape') {
          ev.preventDefault();
          ev.stopPropagation();
          finish(false);
        }
      };
      handle.addEventListener('pointermove', move);
      handle.addEventListener('pointerup', up);
      handle.addEventListener('pointercancel', cancel);
      window.addEventListener('keydown', key, true);
      scrollTimer = window.setInterval(autoScroll, 16);
      cleanup.current = () => finish(false);
      setDrag({ from: index, to: index, dy: 0 });
    },
  });

  /** Classes and style for item `index` while a drag is on. */
  const itemState = (index: number): { className: string; style?: CSSProperties } => {
    if (!drag) return { className: '' };
    if (index === drag.from) return { className: 'pl-is-dragging', style: { transform: `translateY(${drag.dy}px)` } };
    if (drag.to === drag.from) return { className: '' };
    if (index === drag.to) return { className: drag.to < drag.from ? 'pl-drop-before' : 'pl-drop-after' };
    return { className: '' };
  };

  return { drag, itemRef, handleProps, itemState };
}

/** Alt+↑ / Alt+↓ anywhere in an item moves it; returns true when the key was used. */
export function reorderKey(e: KeyboardEvent, index: number, count: number, onMove: (from: number, to: number) => void): boolean {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return false;
  if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return false;
  e.preventDefault();
  const to = e.key === 'ArrowUp' ? index - 1 : index + 1;
  if (to >= 0 && to < count) onMove(index, to);
  return true;
}
