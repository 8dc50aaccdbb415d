import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where each hardening test leaves its figures for the summary printed at the end of the run. */
export const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

export type FigureName =
  'matrix' | 'relationships' | 'fuzz' | 'faults' | 'tamper' | 'retention' | 'production';

/**
 * Records what a hardening test measured. Figures of the same name are merged, so that the tests of one file can
 * each add theirs; the summary reporter clears the folder when a run starts.
 */
export function writeFigures(name: FigureName, figures: Record<string, number | string | boolean>): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}hardening-${name}.json`;
  const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(
    file,
    `${JSON.stringify({ ...earlier, name, at: new Date().toISOString(), ...figures }, null, 2)}\n`,
  );
}
