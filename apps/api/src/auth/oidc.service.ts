import { announceAccessChange } from './access-change.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordChange } from '../audit/change-log.js';
import { forbidden, KinroomError } from '../common/errors.js';
import type { Config } from '../config/config.js';
import { StaffUser } from '../people/staff-user.entity.js';
import type { SignInOptions, SignInPayload } from './auth.type.js';
import { verifyIdToken, type IdentityClaims } from './oidc.js';
import { signToken, TOKEN_LIFETIME_SECONDS } from './tokens.js';
import type { Viewer } from './viewer.js';

/** Which ways of signing in this server offers, for the sign-in screen. */
export function signInOptions(config: Config): SignInOptions {
  return {
    oidc: config.oidc
      ? { issuer: config.oidc.issuer, clientId: config.oidc.clientId, scopes: config.oidc.scopes }
      : null,
    demo: config.devSignIn,
  };
}

function noAccount(who: IdentityClaims): KinroomError {
  const as = who.email ?? `subject ${who.subject}`;
  return new KinroomError(
    'NO_ACCOUNT',
    `You signed in as ${as} but have no Kinroom account yet: ask your council’s Kinroom administrator to add you.`,
    { email: who.email, subject: who.subject },
  );
}

/**
 * The Kinroom account an identity signs in as: the one bound to its subject; else, when binding by email is on and
 * the provider says the email is verified, the invited account with that email and no subject yet, which is bound
 * to it now. Roles and centre are Kinroom's own, never the token's.
 */
async function accountOf(
  tx: EntityManager,
  who: IdentityClaims,
  bindByEmail: boolean,
): Promise<{ user: StaffUser; bound: boolean }> {
  const bySubject = await tx.findOne(StaffUser, { oidcSubject: who.subject });
  if (bySubject) return { user: bySubject, bound: false };
  if (!bindByEmail || !who.emailVerified || !who.email) throw noAccount(who);
  const invited = await tx.findOne(StaffUser, { email: who.email, oidcSubject: null });
  if (!invited) throw noAccount(who);
  return { user: invited, bound: true };
}

/**
 * Signs a member of staff in with an ID token from the council's identity provider (docs/sign-in.md): the token is
 * checked (auth/oidc.ts), the account found by subject (or bound by a verified email), and Kinroom's own token
 * issued. Each sign-in is written to the change log.
 */
export async function oidcSignIn(
  em: EntityManager,
  config: Config,
  idToken: string,
  nonce: string,
): Promise<SignInPayload> {
  if (!config.oidc) {
    throw forbidden('Signing in with an identity provider is not set up on this server.');
  }
  const oidc = config.oidc;
  const who = await verifyIdToken(oidc, idToken, nonce);
  const now = new Date();
  const user = await em.transactional(async (tx) => {
    const { user: u, bound } = await accountOf(tx, who, oidc.bindByEmail);
    if (!u.active) {
      throw forbidden('Your Kinroom account has been deactivated: ask your council’s Kinroom administrator.');
    }
    if (bound) {
      u.oidcSubject = who.subject;
      u.updatedAt = now;
    }
    recordChange(tx, {
      councilId: u.councilId,
      recordType: 'staff_user',
      recordId: u.id,
      action: 'signed_in',
      changedById: u.id,
      via: 'sign_in',
      changes: bound ? { oidcSubject: [null, who.subject] } : {},
    });
    await tx.flush();
    return u;
  });
  const token = await signToken(
    { userId: user.id, councilId: user.councilId, role: user.role },
    config.jwtSecret,
    TOKEN_LIFETIME_SECONDS,
  );
  return {
    token,
    expiresAt: new Date(Date.now() + TOKEN_LIFETIME_SECONDS * 1000),
    user: { id: user.id, name: user.name, role: user.role },
  };
}

/**
 * Ends every sign-in of the viewer made until now, on every device: their tokens are refused from the next request,
 * and their open sockets close (server/websocket/people.ts). An API key is not signed out: an admin revokes it.
 */
export async function signOut(em: EntityManager, viewer: Viewer): Promise<boolean> {
  if (viewer.apiKey) {
    throw forbidden('An API key is not signed out: ask an admin to revoke it.');
  }
  const now = new Date();
  await em.transactional(async (tx) => {
    const u = await tx.findOneOrFail(StaffUser, { id: viewer.userId, councilId: viewer.councilId });
    const before = u.signedOutBefore;
    u.signedOutBefore = now;
    u.updatedAt = now;
    recordChange(tx, {
      councilId: u.councilId,
      recordType: 'staff_user',
      recordId: u.id,
      action: 'signed_out',
      changedById: u.id,
      via: 'sign_in',
      changes: { signedOutBefore: [before?.toISOString() ?? null, now.toISOString()] },
    });
    announceAccessChange(tx, { councilId: u.councilId, userId: u.id, kind: 'signed_out' });
    await tx.flush();
  });
  return true;
}
