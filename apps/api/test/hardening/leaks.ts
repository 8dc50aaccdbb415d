/**
 * What no answer of the API may carry, whatever was sent: the machinery behind it. Each pattern names what it
 * found, so that a failure says which internal got out.
 */
const LEAKS: [name: string, pattern: RegExp][] = [
  ['stack frame', /\bat (?:async )?[\w$.<>[\] ]+ \(|\bat (?:file:\/\/)?\/[^\s)]+:\d+:\d+/],
  ['stack trace key', /"stacktrace"|"exception"\s*:/],
  ['file path', /\/(?:work|home|root|tmp|usr)\/[\w.-]+\/|node_modules|\.[cm]?[jt]s:\d+/],
  [
    'SQL statement',
    /\b(?:select\s+[\w"*.,\s()]+\s+from\s+"?\w+"?(?:\s+as)?\s+"?\w|insert\s+into\s+"?\w|delete\s+from\s+"?\w|update\s+"?\w+"?\s+set\s)/i,
  ],
  [
    'database message',
    /syntax error at or near|violates (?:check|foreign key|unique|exclusion|not-null) constraint|duplicate key value|invalid input syntax|relation "[^"]+" does not exist|column "?[\w.]+"? does not exist|current transaction is aborted|deadlock detected/i,
  ],
  ['ORM', /mikro-?orm|DriverException|QueryFailed|knex|kysely/i],
  ['driver', /ECONNREFUSED|ECONNRESET|\bpg_\w+|node-postgres|\bpgsql\b/i],
  [
    'JavaScript error',
    /\b(?:TypeError|ReferenceError|RangeError|SyntaxError)\b|Cannot read propert|is not a function|undefined is not/,
  ],
];

/** A signed token the API issues (three base64url parts): random letters that can spell "knex" by chance. */
const ISSUED_TOKEN = /\beyJ[\w-]+\.[\w-]+\.[\w-]+/g;
/** A new API key's secret (`kr_` and 43 base64url characters), random in the same way. */
const API_KEY_SECRET = /\bkr_[\w-]{43}/g;

/** The kinds of internals found in a response's raw text; empty when it is clean. Issued tokens and keys are not scanned. */
export function leaksIn(raw: string): string[] {
  const text = raw.replace(ISSUED_TOKEN, '<token>').replace(API_KEY_SECRET, '<api key>');
  return LEAKS.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
}

/** Whether a generated string could itself look like a leak when echoed back; such inputs are left out. */
export function looksLikeALeak(text: string): boolean {
  return leaksIn(text).length > 0;
}
