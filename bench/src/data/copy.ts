import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** One value as PostgreSQL's COPY text format writes it. */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return escapeText(arrayLiteral(v as unknown[]));
  if (typeof v === 'object') return escapeText(JSON.stringify(v));
  return escapeText(String(v));
}

function escapeText(s: string): string {
  return s.replace(/[\\\n\r\t]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t',
  );
}

function arrayLiteral(items: readonly unknown[]): string {
  return `{${items.map((i) => `"${String(i).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/** Columns of type jsonb in Kinroom's schema; every other array column is a text[]. */
const JSON_COLUMNS = new Set([
  'opening_hours',
  'school_pattern',
  'work_pattern',
  'sections',
  'payload',
  'changes',
]);

/** Rows of one table waiting to be copied, already encoded. */
export class TableRows {
  readonly lines: string[] = [];
  constructor(
    readonly table: string,
    readonly columns: readonly string[],
  ) {}

  add(row: Record<string, unknown>): void {
    this.lines.push(
      this.columns
        .map((c) => (JSON_COLUMNS.has(c) ? escapeText(JSON.stringify(row[c])) : copyValue(row[c])))
        .join('\t'),
    );
  }
}

/** Streams rows into a table with COPY, respecting back-pressure. */
export async function copyInto(
  client: pg.PoolClient,
  rows: TableRows,
  onRows?: (n: number) => void,
): Promise<void> {
  if (rows.lines.length === 0) return;
  const stream = client.query(copyFrom(`copy ${rows.table} (${rows.columns.join(', ')}) from stdin`));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', () => resolve());
    stream.on('error', reject);
  });
  const BATCH = 2000;
  for (let i = 0; i < rows.lines.length; i += BATCH) {
    const slice = rows.lines.slice(i, i + BATCH);
    const ok = stream.write(slice.join('\n') + '\n');
    onRows?.(slice.length);
    if (!ok) await new Promise((r) => stream.once('drain', r));
  }
  stream.end();
  await done;
}
