import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { queryPrepared } from '../db/prepared.js';

/**
 * The operation a read was made by, as the access log records it: what the server ran (the operation's type and
 * root fields, e.g. `query child childHistory`), and apart from it the name the client gave the operation, which is
 * only the client's claim.
 */
export interface AuditedOperation {
  readonly rootFields: string;
  readonly clientName: string | null;
}

export interface ChildRead {
  childId: string;
  /** Which parts of the record were read, e.g. ['sessions', 'observations', 'flags']. */
  fields: readonly string[];
  reason: string;
}

/**
 * Writes one access-log row per child read (who, which child, which fields, when, from which operation). It runs
 * outside any business transaction so that a read is logged even when the rest of the operation fails, and the
 * caller goes on only once its rows are committed: nothing is answered before its log row is durable.
 *
 * Rows of reads that arrive while an insert is in flight wait for it and are then written together, in one
 * statement and one commit: under load, one commit serves many reads instead of one each; alone, a read's rows are
 * written at once. If an insert fails, every read waiting on it fails with it.
 */
export async function logChildReads(
  em: EntityManager,
  viewer: Viewer,
  operation: AuditedOperation,
  reads: readonly ChildRead[],
): Promise<void> {
  if (reads.length === 0) return;
  const rows = reads.map((r) => ({
    council_id: viewer.councilId,
    user_id: viewer.userId,
    role: viewer.role,
    child_id: r.childId,
    fields: [...r.fields],
    operation: operation.rootFields,
    client_operation_name: operation.clientName,
    reason: r.reason,
  }));
  return writeRows(em, rows);
}

/** Writes rows already made (several viewers' reads of one live event, say) through the same batching writer. */
export function writeRows(
  em: Pick<EntityManager, 'config' | 'getConnection'>,
  rows: LogRow[],
): Promise<void> {
  if (rows.length === 0) return Promise.resolve();
  const connection = em.getConnection();
  let writer = writers.get(connection);
  if (!writer) {
    // The writer outlives the request: it keeps the shared connection and configuration, not this request's fork.
    writer = new AccessLogWriter({ config: em.config, getConnection: () => connection });
    writers.set(connection, writer);
  }
  return writer.write(rows);
}

export interface LogRow {
  council_id: string;
  user_id: string;
  role: string;
  child_id: string;
  fields: string[];
  operation: string;
  client_operation_name: string | null;
  reason: string;
}

/** The most rows one insert writes; more waiting are written by the next. */
const MAX_BATCH_ROWS = 500;

const INSERT_ROWS = `insert into access_log
    (council_id, user_id, role, child_id, fields, operation, client_operation_name, reason)
  select council_id, user_id, role, child_id, fields, operation, client_operation_name, reason
    from json_to_recordset(?::json)
      as r(council_id uuid, user_id uuid, role text, child_id uuid, fields text[], operation text,
           client_operation_name text, reason text)`;

interface Waiting {
  rows: LogRow[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** One per connection pool (every fork of the ORM shares it). */
const writers = new WeakMap<object, AccessLogWriter>();

class AccessLogWriter {
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(private readonly db: Pick<EntityManager, 'config' | 'getConnection'>) {}

  write(rows: LogRow[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ rows, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch: Waiting[] = [];
      let count = 0;
      while (
        this.waiting.length > 0 &&
        (batch.length === 0 || count + this.waiting[0]!.rows.length <= MAX_BATCH_ROWS)
      ) {
        const next = this.waiting.shift()!;
        batch.push(next);
        count += next.rows.length;
      }
      try {
        await queryPrepared(this.db, INSERT_ROWS, [JSON.stringify(batch.flatMap((w) => w.rows))]);
        for (const w of batch) w.resolve();
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.writing = false;
  }
}
