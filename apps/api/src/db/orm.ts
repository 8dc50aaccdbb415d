import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { useEntityMetadata } from './row-columns.js';
import { installMessageQueue } from '../notifications/queue.js';

export type Orm = MikroORM;

export function ormOptions(clientUrl: string, debug = false): Options {
  return {
    clientUrl,
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
    pool: { min: 0, max: 10 },
  };
}

export class MigrationError extends Error {}

/** Connects, then brings the schema up to date, the message queue's own (pg-boss) included. */
export async function openOrm(clientUrl: string): Promise<Orm> {
  const orm = await MikroORM.init(ormOptions(clientUrl));
  try {
    await orm.migrator.up();
    await installMessageQueue(clientUrl);
  } catch (err) {
    await orm.close(true);
    throw new MigrationError(`migration failed: ${(err as Error).message.split('\n')[0]}`);
  }
  return orm;
}
