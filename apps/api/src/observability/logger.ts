import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config/config.js';
import { correlationId } from './correlation.js';
import { loggedError, REDACT_PATHS, REDACTED, scrub } from './redact.js';

export type { Logger };

type LogSettings = Pick<Config, 'logFormat' | 'logLevel'>;

/** pino's number for `warn`: from it up, text lines go to stderr, as a terminal user expects of trouble. */
const WARN = 40;

/**
 * Lines as they reach the terminal in development: the message as written, the correlation id, and an error's type,
 * message and frames; nothing else of the line's fields. Written through `process.stdout`/`process.stderr` (not
 * straight to the file descriptors) so that whatever watches those streams sees every line.
 */
const textLines: DestinationStream = {
  write(json: string) {
    const line = JSON.parse(json) as {
      level: number;
      msg?: string;
      correlationId?: string;
      err?: { type: string; message: string; code?: string; stack?: string };
    };
    const { err } = line;
    const text =
      (line.msg ?? '') +
      (line.correlationId ? ` ${line.correlationId}` : '') +
      (err
        ? `: ${err.type}: ${err.message}${err.code ? ` (${err.code})` : ''}${err.stack ? `\n${err.stack}` : ''}`
        : '');
    (line.level >= WARN ? process.stderr : process.stdout).write(`${text}\n`);
  },
};

const jsonLines: DestinationStream = {
  write(json: string) {
    process.stdout.write(json);
  },
};

/** Strings of a line's own fields (one level down too) with tokens, addresses and URL passwords taken out. */
function scrubFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string') out[key] = scrub(value);
    else if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Error))
      out[key] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? scrub(v) : v]),
      );
    else out[key] = value;
  }
  return out;
}

/**
 * Kinroom's logger: one JSON object per line on stdout (`json`, production's default), or readable lines (`text`,
 * development's). Nothing secret or personal reaches a line: values under secret keys are replaced, every string is
 * scrubbed of tokens, email addresses and URL passwords, errors are reduced to what `loggedError` keeps, and no
 * caller logs an operation's variables or a statement's parameters. Every line written while a request or operation
 * is handled carries its correlation id.
 */
export function createLogger(settings: LogSettings): Logger {
  return pino(
    {
      level: settings.logLevel,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label, number) => ({ level: settings.logFormat === 'json' ? label : number }),
        log: scrubFields,
      },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: loggedError },
      mixin() {
        const id = correlationId();
        return id ? { correlationId: id } : {};
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as typeof args;
          method.apply(this, scrubbed);
        },
      },
    },
    settings.logFormat === 'json' ? jsonLines : textLines,
  );
}

const loggers = new WeakMap<LogSettings, Logger>();

/** The logger of a configuration: one per `Config`, however many modules ask for it. */
export function loggerFor(config: LogSettings): Logger {
  let log = loggers.get(config);
  if (!log) {
    log = createLogger(config);
    loggers.set(config, log);
  }
  return log;
}

let fallback: Logger | null = null;

/** Readable lines at `info`, for code run with no configuration at hand (a job or engine started by a test or tool). */
export function defaultLogger(): Logger {
  return (fallback ??= createLogger({ logFormat: 'text', logLevel: 'info' }));
}
