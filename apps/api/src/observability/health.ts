import type { Orm } from '../db/orm.js';
import type { EventStream } from '../realtime/event-stream.js';

/** How long a database check's answer is reused: probes every second from several balancers cost one statement. */
const DATABASE_CHECK_EVERY_MS = 2_000;
/** A database that has not answered `select 1` by then is taken as down. */
const DATABASE_CHECK_TIMEOUT_MS = 3_000;

/**
 * The checks /readyz reports, by name (the names are all a caller learns of a failure). Migrations need none: the
 * server listens only once start-up has migrated the schema or found it current.
 */
export type ReadinessCheck = 'database' | 'eventStream';

export interface Readiness {
  ready: boolean;
  /** The checks that failed; empty when ready. */
  failing: ReadinessCheck[];
}

/**
 * Whether this process can serve: its database answers (a cheap statement on the operations' pool, at most every
 * two seconds), and its event stream LISTENs (live subscriptions would otherwise go quiet).
 */
export class ReadinessProbe {
  private checkedAt = -Infinity;
  private databaseUp = false;
  private inFlight: Promise<boolean> | null = null;

  constructor(
    private readonly orm: Orm,
    private readonly events: EventStream,
  ) {}

  async check(): Promise<Readiness> {
    const failing: ReadinessCheck[] = [];
    if (!(await this.database())) failing.push('database');
    if (!this.events.listening) failing.push('eventStream');
    return { ready: failing.length === 0, failing };
  }

  private database(): Promise<boolean> {
    if (performance.now() - this.checkedAt < DATABASE_CHECK_EVERY_MS) return Promise.resolve(this.databaseUp);
    return (this.inFlight ??= this.ask().finally(() => {
      this.inFlight = null;
    }));
  }

  private async ask(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), DATABASE_CHECK_TIMEOUT_MS);
    });
    const answer = this.orm.em
      .getConnection()
      .execute('select 1')
      .then(
        () => true,
        () => false,
      );
    this.databaseUp = await Promise.race([answer, timeout]);
    clearTimeout(timer);
    this.checkedAt = performance.now();
    return this.databaseUp;
  }
}
