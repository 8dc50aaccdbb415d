import type { EntityManager } from '@mikro-orm/postgresql';
import { KinroomError } from '../common/errors.js';
import { StaffUser, type StaffRole } from '../people/staff-user.entity.js';
import { verifyToken } from './tokens.js';

/** Who is asking: always loaded from the database, so a deactivated user or a changed role takes effect at once. */
export interface Viewer {
  userId: string;
  councilId: string;
  role: StaffRole;
  centreId: string | null;
  name: string;
}

export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m ? m[1]! : null;
}

/** Resolves a token to a viewer; null without a token, an UNAUTHENTICATED error for a bad or expired one. */
export async function viewerFromToken(
  em: EntityManager,
  token: string | null,
  secret: string,
): Promise<Viewer | null> {
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
  const user = await em.findOne(StaffUser, { id: check.claims.userId, councilId: check.claims.councilId });
  if (!user || !user.active || user.role !== check.claims.role) {
    throw new KinroomError('UNAUTHENTICATED', 'This sign-in is no longer valid: sign in again.');
  }
  return {
    userId: user.id,
    councilId: user.councilId,
    role: user.role,
    centreId: user.centreId,
    name: user.name,
  };
}
