import type { EntityManager } from '@mikro-orm/postgresql';
import { KinroomError } from '../common/errors.js';
import type { StaffRole } from '../people/staff-user.entity.js';
import type { ApiScope } from './api-key.entity.js';
import { verifyToken } from './tokens.js';
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
}

export interface SignedIn {
  viewer: Viewer;
  expiresAt: Date;
  /** The newest event committed when the request began (read in the same statement, for the kept room boards). */
  eventHead: bigint;
}

/**
 * Resolves a token to a viewer and the moment the token expires; null without a token, an UNAUTHENTICATED error
 * for a bad or expired one, or one whose user is gone, deactivated or has another role now.
 */
export async function signedIn(
  em: EntityManager,
  token: string | null,
  secret: string,
): Promise<SignedIn | null> {
  if (!token) return null;
  const check = await verifyToken(token, secret);
  if (!check.ok) {
    throw new KinroomError(
      'UNAUTHENTICATED',
      check.reason === 'expired'
        ? 'Your sign-in has expired: sign in again.'
        : 'The sign-in token is not valid.',
    );
  }
  // A plain row, not an entity: who is asking is read on every request and never changed through this copy.
  const [user] = await queryPrepared<StaffRow & { event_head: string }>(
    em,
    `select id, council_id, role, centre_id, name, active,
              (select coalesce(max(id), 0) from event)::text as event_head
         from staff_user where id = ? and council_id = ?`,
    [check.claims.userId, check.claims.councilId],
  );
  if (!user || !user.active || user.role !== check.claims.role) {
    throw new KinroomError('UNAUTHENTICATED', 'This sign-in is no longer valid: sign in again.');
  }
  return {
    viewer: {
      userId: user.id,
      councilId: user.council_id,
      role: user.role,
      centreId: user.centre_id,
      name: user.name,
    },
    expiresAt: check.expiresAt,
    eventHead: BigInt(user.event_head),
  };
}
