import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { Reporter } from 'vitest/node';
import { RESULTS_DIR, type FigureName } from './figures.js';

type Figures = Record<string, number | string | boolean>;

/**
 * Prints, after the API's test run, what the hardening tests proved, from the figures each wrote while it ran
 * (test-results/hardening-*.json). Figures of an earlier run are cleared when a run starts, so a test that did not
 * run this time shows as "not run" rather than with stale numbers.
 */
export default class HardeningSummary implements Reporter {
  onTestRunStart(): void {
    mkdirSync(RESULTS_DIR, { recursive: true });
    for (const f of readdirSync(RESULTS_DIR)) {
      if (/^hardening-.*\.json$/.test(f)) rmSync(`${RESULTS_DIR}${f}`);
    }
  }

  onTestRunEnd(): void {
    const read = (name: FigureName): Figures | null => {
      const file = `${RESULTS_DIR}hardening-${name}.json`;
      return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Figures) : null;
    };
    const matrix = read('matrix');
    const relationships = read('relationships');
    const fuzz = read('fuzz');
    const faults = read('faults');
    const tamper = read('tamper');
    const retention = read('retention');
    const production = read('production');
    if (![matrix, relationships, fuzz, faults, tamper, retention, production].some(Boolean)) return;
    const or = (f: Figures | null, line: (f: Figures) => string) => (f ? line(f) : 'not run');
    const rows: [string, string][] = [
      [
        'authorization cells checked',
        or(
          matrix,
          (m) =>
            `${m.cells} (${m.rootFields} root fields × ${m.personas} personas; ${m.wsCells} over WebSocket)`,
        ),
      ],
      [
        'need-to-know refusals alike',
        or(relationships, (r) => `${r.refusalsCompared} compared with unknown ids`),
      ],
      [
        'fuzz cases',
        or(
          fuzz,
          (f) =>
            `${f.cases} (${f.operations} operations, ${f.malformedBodies} bodies, ${f.malformedFrames} frames; ` +
            `heap ${f.heapBeforeKiB} → ${f.heapAfterKiB} KiB)`,
        ),
      ],
      [
        'faults survived',
        or(
          faults,
          (f) => `${f.faultsSurvived} of 3 (${f.concurrentRounds} simultaneous edits: one won each time)`,
        ),
      ],
      ['events lost', or(faults, (f) => String(f.eventsLost))],
      ['tampering detected', or(tamper, (t) => `${t.caught} of ${t.tamperings}`)],
      [
        'retention guarded',
        or(retention, (r) => `${r.tablesGuarded} tables, truncate refused on ${r.truncateRefused}`),
      ],
      ['production answers checked', or(production, (p) => String(p.answersChecked))],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    const lines = rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
    const rule = '─'.repeat(Math.max(...lines.map((l) => l.length)) + 2);
    process.stdout.write(`\n Hardening summary (issue 6)\n ${rule}\n${lines.join('\n')}\n ${rule}\n`);
  }
}
