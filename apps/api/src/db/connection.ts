import type { ClientConfig } from 'pg';
import { parse, toClientConfig } from 'pg-connection-string';
import type { Config } from '../config/config.js';

/**
 * Where and how Kinroom connects to PostgreSQL, decided once (docs/operations.md, "The database") and handed to every
 * part that opens connections: the ORM, the event stream, the message queue, the migrate step.
 */
export interface DatabaseSettings {
  /** The URL the ORM's requests and the event stream's reads go through: PostgreSQL itself, or a pooler. Secret. */
  url: string;
  /**
   * The URL straight to PostgreSQL, for what needs a session of its own: LISTEN, the migration lock, the message
   * queue. The same as `url` unless `pooled`. Secret.
   */
  directUrl: string;
  /**
   * Whether `url` goes through a pooler in transaction mode (KINROOM_DATABASE_DIRECT_URL is set): a session on it
   * lasts one transaction, so nothing is kept on it between statements (no named prepared statements).
   */
  pooled: boolean;
  /** Connections the ORM's pool holds at most. */
  poolSize: number;
  /** Connections the message queue's pool holds at most. */
  queuePoolSize: number;
}

/** The defaults of a database reached straight, for tools and tests that only have a URL. */
export function directDatabase(url: string): DatabaseSettings {
  return { url, directUrl: url, pooled: false, poolSize: 10, queuePoolSize: 4 };
}

/** The settings of this process: `url` is DATABASE_URL, or the embedded PostgreSQL's when it is not set. */
export function databaseSettings(config: Config, url: string): DatabaseSettings {
  return {
    url,
    directUrl: config.databaseDirectUrl ?? url,
    pooled: config.databaseDirectUrl !== null,
    poolSize: config.databasePoolSize,
    queuePoolSize: config.queuePoolSize,
  };
}

export class DatabaseUrlError extends Error {}

/**
 * The connection options `pg` needs for a URL, TLS included, with PostgreSQL's own meaning of `sslmode` (libpq's):
 * `disable` and `allow` connect in plain text; `prefer` and `require` encrypt without checking the server's
 * certificate (`require` with `sslrootcert` checks it against that CA, as libpq does); `verify-ca` checks the
 * certificate against `sslrootcert`; `verify-full` also checks that it names the host. No `sslmode`: plain text.
 * Unlike libpq, `prefer` never falls back to plain text (pg cannot retry without TLS): a server without TLS is
 * refused rather than used unencrypted. The message of a refused URL never repeats it (it may hold a password).
 */
export function connectionOptions(url: string): ClientConfig {
  let parsed;
  try {
    const sslmode = new URL(url).searchParams.get('sslmode');
    if (sslmode !== null && !SSL_MODES.has(sslmode)) {
      throw new DatabaseUrlError(`sslmode=${sslmode} is not one of ${[...SSL_MODES].join(', ')}`);
    }
    // `allow` is plain text unless the server insists; pg cannot ask twice, so it is plain text, as PostgreSQL
    // servers that accept plain text are answered by libpq.
    const libpq = sslmode === 'allow' ? url.replace(/([?&])sslmode=allow/, '$1sslmode=disable') : url;
    parsed = parse(libpq, { useLibpqCompat: true });
  } catch (err) {
    if (err instanceof DatabaseUrlError) throw err;
    if (/verify-ca requires/.test((err as Error).message)) {
      throw new DatabaseUrlError(
        'sslmode=verify-ca needs sslrootcert, the file of the CA that signed the server',
      );
    }
    const code = (err as NodeJS.ErrnoException).code;
    throw new DatabaseUrlError(
      code === 'ENOENT' || code === 'EACCES'
        ? `names a certificate file that cannot be read: ${(err as NodeJS.ErrnoException).path} (${code})`
        : 'is not a valid PostgreSQL URL',
    );
  }
  return toClientConfig(parsed);
}

const SSL_MODES = new Set(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']);

/** A URL as it may be shown: its password replaced. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
