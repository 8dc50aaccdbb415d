import type { EntityManager } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import { KinroomError } from '../common/errors.js';
import type { StaffRole } from '../people/staff-user.entity.js';
import type { ApiScope } from './api-key.entity.js';
import { TOKEN_LIFETIME_SECONDS, verifyToken } from './tokens.js';
import { queryPrepared } from '../db/prepared.js';

/** Who is asking: always loaded from the database, so a deactivated user or a changed role takes effect at once. */
export interface Viewer {
  userId: string;
  councilId: string;
  role: StaffRole;
  centreId: string | null;
  name: string;
  /** Set when a machine client signed in with an API key: the key, and what it may do (auth/api-key.entity.ts). */
  apiKey?: { id: string; scopes: readonly ApiScope[] } | null;
  /** When the staff token was issued: signing out (`staff_user.signed_out_before`) ends the sign-ins before it. */
  signedInAt?: Date;
}

/** API keys are told from Kinroom's own tokens by this prefix (docs/sign-in.md). */
export const API_KEY_PREFIX = 'kr_';

/** What is stored of an API key's secret: its SHA-256, never the secret. */
export function apiKeyHash(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m ? m[1]! : null;
}

/** A staff member's row as who-is-asking reads it: on each request, and again while their sockets are open. */
export interface StaffRow {
  id: string;
  council_id: string;
  role: StaffRole;
  centre_id: string | null;
  name: string;
  active: boolean;
  /** Staff tokens issued at or before this moment no longer sign in (docs/sign-in.md); as PostgreSQL writes it. */
  signed_out_before: string | null;
  /** The person's API keys that are not revoked (a machine client's). */
  live_keys: string[];
}

export interface SignedIn {
  viewer: Viewer;
  expiresAt: Date;
  /** The newest event committed when the request began (read in the same statement, for the kept room boards). */
  eventHead: bigint;
}

/**
 * Resolves a token to a viewer and the moment the token expires; null without a token, an UNAUTHENTICATED error
 * for a bad or expired one, one issued before its person signed out, or one whose user is gone, deactivated or has
 * another role now. A bearer starting `kr_` is an API key (auth/api-key.service.ts). Each is ONE statement.
 */
export async function signedIn(
  em: EntityManager,
  token: string | null,
  secrets: readonly string[],
): Promise<SignedIn | null> {
  if (!token) return null;
  if (token.startsWith(API_KEY_PREFIX)) return keySignedIn(em, token);
  const check = await verifyToken(token, secrets);
  if (!check.ok) {
    throw new KinroomError(
      'UNAUTHENTICATED',
      check.reason === 'expired'
        ? 'Your sign-in has expired: sign in again.'
        : 'The sign-in token is not valid.',
    );
  }
  // A plain row, not an entity: who is asking is read on every request and never changed through this copy.
  const [user] = await queryPrepared<
    Omit<StaffRow, 'live_keys'> & { event_head: string; signed_out: boolean }
  >(
    em,
    `select id, council_id, role, centre_id, name, active,
              coalesce(signed_out_before >= ?::timestamptz, false) as signed_out,
              (select coalesce(max(id), 0) from event)::text as event_head
         from staff_user where id = ? and council_id = ?`,
    [check.issuedAt, check.claims.userId, check.claims.councilId],
  );
  if (!user || !user.active || user.role !== check.claims.role) {
    throw new KinroomError('UNAUTHENTICATED', 'This sign-in is no longer valid: sign in again.');
  }
  if (user.signed_out) throw new KinroomError('UNAUTHENTICATED', 'You have signed out: sign in again.');
  return {
    viewer: {
      userId: user.id,
      councilId: user.council_id,
      role: user.role,
      centreId: user.centre_id,
      name: user.name,
      signedInAt: check.issuedAt,
    },
    expiresAt: check.expiresAt,
    eventHead: BigInt(user.event_head),
  };
}

/**
 * A machine client's API key: found by its hash, not revoked, its account active and an integrator. Its
 * `last_used_at` is written at most once a minute: it says whether a key is in use, not each request. A socket
 * signed in with a key is signed in again after a token's lifetime, as one with a token would be.
 */
async function keySignedIn(em: EntityManager, secret: string): Promise<SignedIn> {
  const [row] = await queryPrepared<
    Omit<StaffRow, 'live_keys' | 'signed_out_before'> & {
      key_id: string;
      scopes: ApiScope[];
      touch: boolean;
      event_head: string;
    }
  >(
    em,
    `select s.id, s.council_id, s.role, s.centre_id, s.name, s.active,
              k.id as key_id, k.scopes,
              coalesce(k.last_used_at < now() - interval '1 minute', true) as touch,
              (select coalesce(max(id), 0) from event)::text as event_head
         from api_key k join staff_user s on s.id = k.client_id and s.council_id = k.council_id
        where k.key_hash = ? and k.revoked_at is null`,
    [apiKeyHash(secret)],
  );
  if (!row || !row.active || row.role !== 'integrator') {
    throw new KinroomError('UNAUTHENTICATED', 'This API key is not valid: it is unknown or was revoked.');
  }
  if (row.touch) {
    await queryPrepared(
      em,
      `update api_key set last_used_at = now()
        where id = ? and (last_used_at is null or last_used_at < now() - interval '1 minute')`,
      [row.key_id],
    );
  }
  return {
    viewer: {
      userId: row.id,
      councilId: row.council_id,
      role: row.role,
      centreId: row.centre_id,
      name: row.name,
      apiKey: { id: row.key_id, scopes: row.scopes },
    },
    expiresAt: new Date(Date.now() + TOKEN_LIFETIME_SECONDS * 1000),
    eventHead: BigInt(row.event_head),
  };
}
