import pg from 'pg';
import { loadConfig, type Config } from '../config/config.js';
import { connectionOptions } from '../db/connection.js';
import { DatabaseUnavailableError, openDatabase, type DatabaseHandle } from '../db/database.js';

/**
 * How far the numbering of live events and of the integrations' change feed moves on after a restore. The lost
 * server went on numbering after the backup was taken; a client may hold a cursor from that stretch. Numbers the
 * restored copy hands out must never be ones the lost server handed out, or such a client would resume "after" a
 * change it never saw and silently miss it. A billion is far more changes than a council makes between two backups
 * (the demo week makes a few hundred), and leaves room for millions of restores within a bigint.
 */
export const RESTORE_GAP = 1_000_000_000n;

/** The sequences whose numbers clients keep as cursors: live events (docs/websocket.md), changed records (docs/records.md). */
const CURSOR_SEQUENCES = ['event_id_seq', 'record_change_seq'] as const;

export const AFTER_RESTORE_USAGE = `kinroom admin after-restore
  Run once on a database restored from a backup, before starting Kinroom on it (docs/operations.md, "Back up and
  restore"): live events and changed records are numbered from far beyond anything the lost server numbered, so that
  a client holding a cursor from after the backup is told to read its view again (CURSOR_STALE) instead of missing
  changes.`;

/** Moves each cursor sequence `RESTORE_GAP` past its current value; returns the next number of each. */
export async function moveCursorsPastRestore(client: pg.Client): Promise<Record<string, bigint>> {
  const next: Record<string, bigint> = {};
  await client.query('begin');
  try {
    for (const seq of CURSOR_SEQUENCES) {
      // The event ids are taken under this lock (migration 0001): none is handed out while the sequence moves.
      if (seq === 'event_id_seq') await client.query('select pg_advisory_xact_lock(7301001)');
      const r = await client.query<{ next: string }>(
        `select setval($1::regclass, (select last_value from ${seq}) + $2::bigint)::text as next`,
        [seq, RESTORE_GAP.toString()],
      );
      next[seq] = BigInt(r.rows[0]!.next) + 1n;
    }
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  }
  return next;
}

/**
 * `kinroom admin after-restore`: exit 0 done, 1 refused (arguments), 2 could not run (the configuration or the
 * database). `config` is the environment's unless given.
 */
export async function runAfterRestore(
  argv: string[],
  out: (line: string) => void,
  err: (line: string) => void,
  config?: Config,
): Promise<number> {
  if (argv.length > 0) {
    err(`kinroom admin after-restore: takes no arguments.\n\n${AFTER_RESTORE_USAGE}`);
    return 1;
  }
  let db: DatabaseHandle | null = null;
  let client: pg.Client | null = null;
  try {
    const settings = config ?? loadConfig();
    db = await openDatabase(settings, () => {});
    client = new pg.Client(connectionOptions(settings.databaseDirectUrl ?? db.url));
    await client.connect();
    const next = await moveCursorsPastRestore(client);
    out(
      `kinroom admin after-restore: live events are numbered from ${next.event_id_seq}, changed records from ${next.record_change_seq}.`,
    );
    out('Cursors from after the backup are now refused with CURSOR_STALE: clients read their views again.');
    return 0;
  } catch (e) {
    const reason = e instanceof DatabaseUnavailableError ? e.message : (e as Error)?.message?.split('\n')[0];
    err(`kinroom admin after-restore: could not run: ${reason || String(e)}`);
    return 2;
  } finally {
    await client?.end().catch(() => {});
    await db?.close().catch(() => {});
  }
}
