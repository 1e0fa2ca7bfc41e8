import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** The built renderer; E2E_RENDERER_DIR names a build of your own when other builds keep replacing out/renderer. */
export const RENDERER_DIR = process.env.E2E_RENDERER_DIR ?? join(ROOT, 'out', 'renderer');

/**
 * A private copy of the built renderer, so that a build running at the same time (it empties
 * out/renderer first) cannot pull the files from under an e2e test. Waits for a complete build.
 */
export async function copyRenderer(to: string): Promise<string> {
  for (let attempt = 0; attempt < 60; attempt++) {
    try {
      rmSync(to, { recursive: true, force: true });
      cpSync(RENDERER_DIR, to, { recursive: true });
      const html = readFileSync(join(to, 'index.html'), 'utf8');
      const assets = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)].map((m) => m[1]!);
      if (assets.length > 0 && assets.every((a) => existsSync(join(to, a)))) return to;
    } catch {
      // Not there yet: a build is writing it.
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`no complete renderer build in ${RENDERER_DIR}`);
}
