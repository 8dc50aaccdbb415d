import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createSecretKey,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { badInput } from '../common/errors.js';

/**
 * Opaque pagination cursors. A cursor is sealed (AES-256-GCM, key derived from the server's signing secret) over its
 * position and the scope it was issued for, so a client can neither read it nor forge one, and a cursor from one
 * query cannot be replayed against another: a different scope is refused exactly like a corrupt cursor, with
 * BAD_USER_INPUT and no hint of what the other query was about.
 */
export interface CursorScope {
  /** What the cursor pages through, e.g. 'child-history'. */
  purpose: string;
  /** The values the cursor is bound to, e.g. the child and the viewer's council. */
  bound: readonly string[];
}

/**
 * Keys already derived, by what they were derived from. A page seals one cursor per entry with the same key, so it
 * is derived (and imported as a key object, which the cipher would otherwise do from the bytes every time) once.
 */
const keys = new Map<string, KeyObject>();

function key(secret: string, purpose: string): KeyObject {
  const material = `kinroom-cursor\n${purpose}\n${secret}`;
  let derived = keys.get(material);
  if (!derived) {
    // A process knows one signing secret and a few purposes; the bound only guards against a secret that keeps
    // changing (as in tests) growing the map for ever.
    if (keys.size >= 32) keys.clear();
    derived = createSecretKey(createHash('sha256').update(material).digest());
    keys.set(material, derived);
  }
  return derived;
}

/** Random bytes drawn in batches for the cursors' IVs; every IV is taken from them once and never again. */
const IV_LENGTH = 12;
let ivs = Buffer.alloc(0);
let ivAt = 0;

function freshIv(): Buffer {
  if (ivAt + IV_LENGTH > ivs.length) {
    ivs = randomBytes(IV_LENGTH * 256);
    ivAt = 0;
  }
  const iv = ivs.subarray(ivAt, ivAt + IV_LENGTH);
  ivAt += IV_LENGTH;
  return iv;
}

export function sealCursor(secret: string, scope: CursorScope, position: readonly string[]): string {
  const iv = freshIv();
  const cipher = createCipheriv('aes-256-gcm', key(secret, scope.purpose), iv);
  const body = Buffer.concat([
    cipher.update(JSON.stringify({ b: scope.bound, p: position }), 'utf8'),
    cipher.final(),
  ]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The position a cursor holds, if it was issued for this very scope; BAD_USER_INPUT otherwise. */
export function openCursor(secret: string, scope: CursorScope, cursor: string): string[] {
  const refuse = () =>
    badInput('This cursor does not belong to this query: start again without `after`.', { field: 'after' });
  if (cursor.length > 512) throw refuse();
  const raw = Buffer.from(cursor, 'base64url');
  if (raw.length < 29) throw refuse();
  let parsed: { b?: unknown; p?: unknown };
  try {
    const decipher = createDecipheriv('aes-256-gcm', key(secret, scope.purpose), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    parsed = JSON.parse(text) as { b?: unknown; p?: unknown };
  } catch {
    throw refuse();
  }
  const bound = parsed.b;
  const position = parsed.p;
  if (
    !Array.isArray(bound) ||
    bound.length !== scope.bound.length ||
    bound.some((v, i) => v !== scope.bound[i]) ||
    !Array.isArray(position) ||
    !position.every((v) => typeof v === 'string')
  ) {
    throw refuse();
  }
  return position as string[];
}
