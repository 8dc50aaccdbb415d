import { pgError } from '../db/database-errors.js';

/** What stands in for a value a log line must not carry. */
export const REDACTED = '[redacted]';

/**
 * Keys whose values never reach a log line, wherever they sit (pino's `redact` paths, one level deep as well): sign-in
 * material, contact details, and what a client sends to an operation, which may name a child.
 */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'token',
  'password',
  'secret',
  'email',
  'variables',
  'args',
  'params',
  'detail',
];
export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  'req.headers.authorization',
  'headers.authorization',
];

const PATTERNS: [RegExp, string][] = [
  // A JSON Web Token anywhere: three base64url parts, the first a JSON object's opening.
  [/\beyJ[\w-]*\.[\w-]+\.[\w-]*/g, '[token]'],
  [/\bBearer\s+[^\s"',;]+/gi, 'Bearer [token]'],
  // The password of a URL (a database's, a mail server's): the user name is kept, it says which account.
  [/(\b[a-z][a-z\d+.-]*:\/\/[^\s:/@]*):[^\s/@]*@/gi, `$1:${REDACTED}@`],
  // An email address, but not the user of a URL (`postgres://kinroom@db`), which names an account, not a person,
  // nor one at the reserved `.example` domain (RFC 2606), which no one can have: the demo cast's, a hint's example.
  [/(?<![\w.%+-]|:\/\/)[\w.%+-]+@[a-z\d-]+(?:\.[a-z\d-]+)*\.(?!example\b)[a-z]{2,}\b/gi, '[email]'],
  // PostgreSQL's details quote the row: `Key (name)=(Ruby)`, `Failing row contains (…)`.
  [/(\([^()]*\))=\([^()]*\)/g, `$1=(${REDACTED})`],
  [/(Failing row contains )\(.*\)/g, `$1(${REDACTED})`],
];

/** A text with tokens, URL passwords, email addresses and quoted row values taken out. */
export function scrub(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** What a log line says of an error. */
export interface LoggedError {
  type: string;
  message: string;
  code?: string;
  /** A database error's constraint and table: names of the schema, never of anyone. */
  constraint?: string;
  table?: string;
  stack?: string;
}

/**
 * An error as a log line may carry it: its type, code and message, and where it was thrown. A database error's
 * message quotes the statement with its values, or the row it refused (`Failing row contains (…)`): it is not kept.
 * Its SQLSTATE code, constraint and table say what went wrong without naming anyone.
 */
export function loggedError(err: unknown): LoggedError {
  if (!(err instanceof Error)) return { type: typeof err, message: scrub(String(err)) };
  const db = pgError(err);
  const table = (db as { table?: unknown } | null)?.table;
  const code = db?.code ?? (err as { code?: unknown }).code;
  const frames = (err.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return {
    type: err.name,
    message: db ? `the database refused a statement (SQLSTATE ${db.code})` : scrub(err.message),
    ...(typeof code === 'string' ? { code } : {}),
    ...(db?.constraint ? { constraint: db.constraint } : {}),
    ...(typeof table === 'string' ? { table } : {}),
    ...(frames.length > 0 ? { stack: scrub(frames.join('\n')) } : {}),
  };
}
