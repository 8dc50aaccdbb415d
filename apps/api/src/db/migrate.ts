import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { installMessageQueue } from '../notifications/queue.js';
import { connectionOptions, type DatabaseSettings } from './connection.js';
import { MIGRATIONS } from './migrations/index.js';
import { ormOptions, type Orm } from './orm.js';

/**
 * The session-level advisory lock held while migrating, on the direct URL (a pooler in transaction mode would hand
 * the session to others): two processes never migrate at once; the second waits, then finds nothing to do.
 */
const MIGRATION_LOCK = 7301003;

export class MigrationError extends Error {}

/** Refuses to serve a schema this version of Kinroom was not written for. */
export class SchemaMismatchError extends Error {}

/**
 * Brings the schema up to date under the migration lock, the message queue's (pg-boss) included, on the direct URL.
 * Answers the names of the migrations it applied (none: the schema was already up to date). `connected`: the
 * process's own ORM, used when it reaches PostgreSQL straight rather than opening another.
 */
export async function migrateDatabase(db: DatabaseSettings, connected?: Orm): Promise<string[]> {
  const lock = new pg.Client(connectionOptions(db.directUrl));
  lock.on('error', () => {});
  try {
    await lock.connect();
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const { unknown } = await schemaState(async (text) => (await lock.query(text)).rows);
    if (unknown.length > 0) throw aheadError(unknown);
    // An ORM already connected straight to PostgreSQL serves; one through a pooler does not (the migrator's reads and
    // its transaction would go through the pooler).
    const orm =
      connected && !db.pooled
        ? connected
        : await MikroORM.init(ormOptions({ ...db, url: db.directUrl, pooled: false, poolSize: 2 }));
    try {
      const applied = await orm.migrator.up();
      await installMessageQueue(db.directUrl);
      return applied.map((m) => m.name);
    } finally {
      if (orm !== connected) await orm.close(true);
    }
  } catch (err) {
    if (err instanceof SchemaMismatchError) throw err;
    throw new MigrationError(`migration failed: ${String((err as Error)?.message).split('\n')[0]}`);
  } finally {
    // Ending the session releases the lock, even when the migration failed half-way.
    await lock.end().catch(() => {});
  }
}

/** One line saying what `migrateDatabase` did. */
export function migratedLine(applied: readonly string[]): string {
  return applied.length === 0
    ? `kinroom: the database schema is up to date (${MIGRATIONS.length} migrations): nothing to apply`
    : `kinroom: applied ${applied.length} migration${applied.length === 1 ? '' : 's'}: ${applied.join(', ')}`;
}

type Query = (text: string) => Promise<Record<string, unknown>[]>;

/** The applied migrations this version does not know (a newer one ran them), and how many of its own are pending. */
async function schemaState(query: Query): Promise<{ unknown: string[]; pending: number }> {
  const known = new Set(MIGRATIONS.map((m) => m.name));
  const [table] = await query(`select to_regclass('schema_migration') is not null as present`);
  const applied = table?.present
    ? (await query('select name from schema_migration')).map((r) => String(r.name))
    : [];
  return {
    unknown: applied.filter((name) => !known.has(name)),
    pending: MIGRATIONS.length - applied.filter((name) => known.has(name)).length,
  };
}

function aheadError(unknown: string[]): SchemaMismatchError {
  return new SchemaMismatchError(
    `the database schema is ahead of this version (${unknown.length} migration${unknown.length === 1 ? '' : 's'} it does not know, such as ${unknown[0]}): run the version that migrated it, or a newer one (docs/operations.md)`,
  );
}

/**
 * Refuses a schema that is behind this version (a migration not applied yet) or ahead of it (migrated by a newer
 * version, whose data this one must not write). Reads only: a process that does not migrate changes nothing.
 */
export async function assertSchemaCurrent(orm: Orm): Promise<void> {
  const { unknown, pending } = await schemaState((text) => orm.em.getConnection().execute(text));
  if (unknown.length > 0) throw aheadError(unknown);
  if (pending > 0) {
    throw new SchemaMismatchError(
      `the database schema is behind this version (${pending} migration${pending === 1 ? '' : 's'} pending): run \`kinroom migrate\` first (docs/operations.md)`,
    );
  }
}
