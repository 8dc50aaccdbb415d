import 'reflect-metadata';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { DatabaseUnavailableError, openDatabase, type DatabaseHandle } from './db/database.js';
import { connectOrm, type Orm } from './db/orm.js';
import { databaseSettings } from './db/connection.js';
import {
  assertSchemaCurrent,
  migrateDatabase,
  migratedLine,
  MigrationError,
  SchemaMismatchError,
} from './db/migrate.js';
import { loadDemoDataIfEmpty, DEMO_USERS } from './db/seed/demo.js';
import { EvidenceKeyError, evidenceKeys } from './observations/evidence-keys.js';
import { loggerFor, type Logger } from './observability/logger.js';
import { createKinroomServer, PortInUseError, type KinroomServer } from './server/app.js';
import { BOOTSTRAP_HINT, needsBootstrap } from './cli/bootstrap.js';

const KNOWN_FAILURES = [
  ConfigError,
  DatabaseUnavailableError,
  MigrationError,
  SchemaMismatchError,
  PortInUseError,
  EvidenceKeyError,
];

/** PostgreSQL's code for a connection ended because the server is shutting down. */
const ADMIN_SHUTDOWN = '57P01';

/** The configured logger, once the configuration has been read; before, a refusal is one plain line on stderr. */
let log: Logger | null = null;

function fail(err: unknown): never {
  const known = KNOWN_FAILURES.some((k) => err instanceof k);
  const message = known
    ? (err as Error).message
    : `could not start: ${String((err as Error)?.message).split('\n')[0]}`;
  if (log) log.error(`kinroom: ${message}`);
  else process.stderr.write(`kinroom: ${message}\n`);
  process.exit(1);
}

/** `node dist/main.js` serves; `node dist/main.js migrate` brings the schema up to date and exits (docs/operations.md). */
const USAGE = 'usage: main.js [migrate]  (no command: serve)';

async function main(): Promise<void> {
  const command = process.argv[2];
  if (command !== undefined && command !== 'migrate') {
    process.stderr.write(`kinroom: unknown command ${JSON.stringify(command)}; ${USAGE}\n`);
    process.exit(64);
  }
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    fail(err);
  }
  const logger = (log = loggerFor(config));
  const say = (line: string) => logger.info(line);
  let db: DatabaseHandle | null = null;
  let orm: Orm | null = null;
  let server: KinroomServer | null = null;
  const shutdown = async (code: number) => {
    // The embedded PostgreSQL stops on the same signal (its package's own exit hook), so it may end connections while
    // they are being closed: expected while stopping, never a crash with a stack trace.
    process.on('uncaughtException', (err) => {
      if ((err as { code?: string }).code === ADMIN_SHUTDOWN) return;
      logger.error(`kinroom: while stopping: ${String(err?.message).split('\n')[0]}`);
      process.exit(1);
    });
    await server?.close().catch(() => {});
    await orm?.close().catch(() => {});
    await db?.close().catch(() => {});
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  if (command === 'migrate') {
    try {
      db = await openDatabase(config, say);
      say(migratedLine(await migrateDatabase(databaseSettings(config, db.url))));
    } catch (err) {
      await db?.close().catch(() => {});
      fail(err);
    }
    await db.close().catch(() => {});
    process.exit(0);
  }

  try {
    // Before anything else: a server that cannot seal final records must not start taking them.
    const keys = await evidenceKeys(config);
    db = await openDatabase(config, say);
    say(db.embedded ? `kinroom: embedded PostgreSQL in ${config.dataDir}` : 'kinroom: using DATABASE_URL');
    const settings = databaseSettings(config, db.url);
    orm = await connectOrm(settings);
    if (config.migrateOnStart) {
      const applied = await migrateDatabase(settings, orm);
      if (applied.length > 0) say(migratedLine(applied));
    } else {
      // A process that does not migrate must not write to a schema it was not written for.
      await assertSchemaCurrent(orm);
    }
    if (config.demoData) {
      const loaded = await loadDemoDataIfEmpty(orm.em.fork(), new Date(), keys);
      if (loaded) say('kinroom: loaded the demo week at Coxford Road');
    }
    if (await needsBootstrap(orm.em.fork())) say(BOOTSTRAP_HINT);
    server = await createKinroomServer(config, orm);
    const port = await server.listen();
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    if (config.devSignIn && config.demoData) {
      say('kinroom: demo users (development sign-in: open the dashboard and pick one, no password):');
      for (const u of DEMO_USERS) say(`  ${u.role.padEnd(15)} ${u.name.padEnd(22)} ${u.email}`);
    }
    if (config.oidc) say(`kinroom: staff sign in through ${config.oidc.issuer} (docs/sign-in.md)`);
    else if (!config.devSignIn) {
      say(
        'kinroom: no staff can sign in until the council’s identity provider is configured: set KINROOM_OIDC_ISSUER and KINROOM_OIDC_CLIENT_ID (docs/sign-in.md)',
      );
    }
    say(`kinroom: evidence key ${keys.keyId} (${config.evidenceKeyFile})`);
    say(messagesLine(config));
    say(`kinroom: ready at ${url}  (GraphQL at ${url}/graphql)`);
  } catch (err) {
    await server?.close().catch(() => {});
    await orm?.close().catch(() => {});
    await db?.close().catch(() => {});
    fail(err);
  }
}

/** What happens to messages outside the dashboard in this process (docs/notifications.md). */
function messagesLine(config: Config): string {
  if (!config.messageEngine)
    return 'kinroom: messages are not planned or sent by this process (KINROOM_MESSAGE_ENGINE)';
  const m = config.messaging;
  const ways = [
    m.emailVia ? `email through ${m.emailVia === 'smtp' ? 'the mail server' : 'GOV.UK Notify'}` : null,
    m.notify?.templateIds.sms ? 'text messages through GOV.UK Notify' : null,
    m.notify?.templateIds.letter ? 'letters through GOV.UK Notify' : null,
  ].filter(Boolean);
  return ways.length > 0
    ? `kinroom: messages go out by ${ways.join(', ')}`
    : 'kinroom: no way out for messages is configured: they are recorded as not sent (docs/notifications.md)';
}

void main();
