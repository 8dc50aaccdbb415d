import { MikroORM, type Configuration, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { useEntityMetadata } from './row-columns.js';
import { connectionOptions, directDatabase, type DatabaseSettings } from './connection.js';
import { migrateDatabase } from './migrate.js';

export type Orm = MikroORM;

/** The ORM's options for a database; a URL alone is a database reached straight, with the default pool. */
export function ormOptions(database: DatabaseSettings | string, debug = false): Options {
  const db = typeof database === 'string' ? directDatabase(database) : database;
  return {
    clientUrl: db.url,
    // MikroORM reads only the host, port, user, password and database from the URL: TLS (sslmode) is pg's.
    driverOptions: connectionOptions(db.url),
    entities: ENTITIES,
    // The tables that read rows written as JSON are derived from the discovered mapping (row-columns.ts).
    discovery: { afterDiscovered: useEntityMetadata },
    extensions: [Migrator],
    migrations: {
      migrationsList: MIGRATIONS,
      tableName: 'schema_migration',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    // A shared EntityManager would mix the identity maps of concurrent operations; every use forks its own.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug,
    pool: { min: 0, max: db.poolSize },
  };
}

const settingsOfOrm = new WeakMap<Configuration, DatabaseSettings>();

/** The database settings an ORM was opened with (a URL alone: a database reached straight). */
export function databaseOf(orm: { config: Configuration }): DatabaseSettings {
  return settingsOfOrm.get(orm.config) ?? directDatabase(String(orm.config.get('clientUrl')));
}

/** Connects, without looking at the schema. */
export async function connectOrm(database: DatabaseSettings | string): Promise<Orm> {
  const db = typeof database === 'string' ? directDatabase(database) : database;
  const orm = await MikroORM.init(ormOptions(db));
  settingsOfOrm.set(orm.config, db);
  return orm;
}

/** Brings the schema up to date, the message queue's own (pg-boss) included, then connects. */
export async function openOrm(database: DatabaseSettings | string): Promise<Orm> {
  const db = typeof database === 'string' ? directDatabase(database) : database;
  const orm = await connectOrm(db);
  try {
    await migrateDatabase(db, orm);
  } catch (err) {
    await orm.close(true);
    throw err;
  }
  return orm;
}
