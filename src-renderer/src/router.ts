import { useSyncExternalStore } from 'react';

/*
 * Hash routes (`#/authorization-servers/aus1/scopes`): every object has a URL, links can be
 * shared and bookmarked, and the same build works from a server and from Electron's file.
 */

function current(): string[] {
  const path = window.location.hash.replace(/^#/, '') || '/';
  return path.split('/').filter(Boolean).map(decodeURIComponent);
}

let snapshot = current();
let key = window.location.hash;
const listeners = new Set<() => void>();
window.addEventListener('hashchange', () => {
  snapshot = current();
  key = window.location.hash;
  for (const l of listeners) l();
});

/** The route as path segments, e.g. `['authorization-servers', 'aus1', 'scopes']`. */
export function useRoute(): string[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => (key === window.location.hash ? snapshot : (snapshot = current())),
  );
}

export function href(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}

export function navigate(...segments: string[]): void {
  window.location.hash = href(...segments).slice(1);
}
