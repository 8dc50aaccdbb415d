import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Orm } from '../db/orm.js';
import { translateDatabaseError } from '../db/database-errors.js';
import { KinroomError } from '../common/errors.js';
import type { RootFieldGuard } from './root-guards.js';

/** What the guard asks of an allowance of changes, whatever keeps the count. */
export interface MutationAllowance {
  /** Takes one change from `key`'s allowance: false when none is left; throws when the count cannot be read. */
  take(key: string): Promise<boolean>;
}

/** The table migration 0020 creates, in the columns rate-limiter-flexible's PostgreSQL store uses. */
const TABLE = 'mutation_allowance';
/** How often rows long expired are deleted; an expired row counts as a fresh allowance anyway. */
const SWEEP_EVERY_MS = 5 * 60_000;

/**
 * `perMinute` changes per caller in each minute from their first change, counted in the database, so that every
 * Kinroom process on it shares one count (docs/operations.md, "Several processes"). The statements go through the
 * ORM's own pool one at a time, unnamed and outside any transaction: they hold no session state, so they work
 * through PgBouncer in transaction mode.
 */
export class SharedMutationAllowance implements MutationAllowance {
  private readonly limiter: RateLimiterPostgres;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly orm: Orm,
    perMinute: number,
  ) {
    this.limiter = new RateLimiterPostgres({
      // The library names its prepared statements; a pooler in transaction mode cannot keep them, so names are dropped.
      storeClient: { query: (q: { text: string; values?: unknown[] }) => this.query(q.text, q.values) },
      storeType: 'client',
      tableName: TABLE,
      tableCreated: true,
      clearExpiredByTimeout: false,
      keyPrefix: 'mutations',
      points: perMinute,
      duration: 60,
    });
    this.sweeper = setInterval(() => void this.sweep().catch(() => {}), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  async take(key: string): Promise<boolean> {
    try {
      await this.limiter.consume(key);
      return true;
    } catch (err) {
      if (err instanceof RateLimiterRes) return false;
      throw err;
    }
  }

  /** Deletes the rows whose minute is over: a caller without a row has their whole allowance. */
  async sweep(): Promise<number> {
    const result = await this.query(`delete from ${TABLE} where expire < $1`, [Date.now()]);
    return result.rowCount ?? 0;
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private async query(text: string, values: unknown[] = []) {
    const pool = await this.orm.em.getConnection().getNativeClient();
    return pool.query({ text, values });
  }
}

/**
 * Refuses a root mutation field when the caller (a signed-in user, or every anonymous caller together) has used
 * their allowance, on HTTP and WebSocket alike. Reads are cheap and bounded by the operation limits, while a runaway
 * script writing in a loop could bury a centre's record. When the count cannot be read (the database is down), the
 * change is refused as SERVICE_UNAVAILABLE: it could not be saved anyway, and letting it through unchecked would
 * leave the limit open for as long as the outage lasts.
 */
export function mutationRateLimit(allowance: MutationAllowance): RootFieldGuard {
  return (_args, context, info) => {
    if (info.operation.operation !== 'mutation') return;
    return allowance.take(context.viewer?.userId ?? 'anonymous').then(
      (allowed) => {
        if (!allowed) {
          throw new KinroomError(
            'RATE_LIMITED',
            'Too many changes in a short time: wait a minute and try again.',
          );
        }
      },
      (err: unknown) => {
        throw translateDatabaseError(err) ?? err;
      },
    );
  };
}
