import { readFileSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/* The window's size and position, remembered between starts (userData/window-state.json). */

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds?: Bounds;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 800 };
const MIN = { width: 800, height: 560 };

function isBounds(b: unknown): b is Bounds {
  if (typeof b !== 'object' || b === null) return false;
  const r = b as Record<string, unknown>;
  return ['x', 'y', 'width', 'height'].every((k) => typeof r[k] === 'number' && Number.isFinite(r[k]));
}

export function readWindowState(file: string): WindowState {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { bounds?: unknown; maximized?: unknown };
    return { bounds: isBounds(data.bounds) ? data.bounds : undefined, maximized: data.maximized === true };
  } catch {
    return { maximized: false };
  }
}

export function writeWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(state));
  renameSync(`${file}.tmp`, file);
}

/**
 * The bounds to open the window with: the remembered ones when they still overlap a display by a
 * grabbable amount (a monitor may have been unplugged), else the default size, centred by Electron.
 */
export function restoreBounds(state: WindowState, displays: Bounds[]): Partial<Bounds> & { width: number; height: number } {
  const b = state.bounds;
  if (!b) return { ...DEFAULT_SIZE };
  const width = Math.max(MIN.width, Math.round(b.width));
  const height = Math.max(MIN.height, Math.round(b.height));
  const visible = displays.some((d) => {
    const w = Math.min(b.x + width, d.x + d.width) - Math.max(b.x, d.x);
    const h = Math.min(b.y + height, d.y + d.height) - Math.max(b.y, d.y);
    return w >= 100 && h >= 50;
  });
  return visible ? { x: Math.round(b.x), y: Math.round(b.y), width, height } : { width, height };
}
