import { errors, jwtVerify, SignJWT } from 'jose';
import type { StaffRole } from '../people/staff-user.entity.js';

export interface TokenClaims {
  userId: string;
  councilId: string;
  role: StaffRole;
}

const ISSUER = 'kinroom';
const AUDIENCE = 'kinroom-api';

/**
 * The longest a token may live: the lifetime Kinroom issues. A token claiming a longer one (an `exp` in the year
 * 5138), or not saying when it was issued, is refused even with a good signature, so that a leaked or minted token
 * cannot outlive a working day.
 */
export const TOKEN_LIFETIME_SECONDS = 12 * 3600;

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** A bearer token for a staff user; the same token works on HTTP and in the WebSocket `connection_init`. */
export async function signToken(
  claims: TokenClaims,
  secret: string,
  ttlSeconds = TOKEN_LIFETIME_SECONDS,
): Promise<string> {
  if (ttlSeconds > TOKEN_LIFETIME_SECONDS) {
    throw new RangeError(`a token may live at most ${TOKEN_LIFETIME_SECONDS} seconds`);
  }
  const now = Date.now();
  const issuedAt = Math.floor(now / 1000);
  // `iat_ms`: when it was issued to the millisecond (`iat` has whole seconds). Signing out refuses the tokens issued
  // at or before it, and a sign-in a moment after signing out must not be taken for one before. The lifetime counts
  // from the same instant: read from the clock a second time, it would be a second too long whenever the clock ticked
  // over in between, and such a token is refused.
  return new SignJWT({ cid: claims.councilId, role: claims.role, iat_ms: now })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(key(secret));
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims; issuedAt: Date; expiresAt: Date }
  | { ok: false; reason: 'expired' | 'invalid' };

/**
 * Tokens whose signature has been checked, so that a dashboard's requests and a thousand sockets opened with one
 * token pay for the HMAC once. Only good tokens are kept, each until it expires, under the secret that signed it;
 * at most `MAX_VERIFIED`, the oldest going first. Who the token names is still loaded on every request.
 */
const verified = new Map<string, { secret: string; claims: TokenClaims; issuedAt: Date; expiresAt: Date }>();
const MAX_VERIFIED = 10_000;

/**
 * Checks a token against the secrets it may be signed with: the one Kinroom signs with, then those still accepted
 * during a rotation. A token signed with a secret no longer listed is invalid, even one checked before.
 */
export async function verifyToken(token: string, secrets: string | readonly string[]): Promise<TokenCheck> {
  const accepted = typeof secrets === 'string' ? [secrets] : secrets;
  const known = verified.get(token);
  if (known && accepted.includes(known.secret)) {
    if (known.expiresAt.getTime() > Date.now())
      return { ok: true, claims: known.claims, issuedAt: known.issuedAt, expiresAt: known.expiresAt };
    verified.delete(token);
    return { ok: false, reason: 'expired' };
  }
  let check: TokenCheck = { ok: false, reason: 'invalid' };
  for (const secret of accepted) {
    check = await checkSignature(token, secret);
    if (check.ok) {
      if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!);
      verified.set(token, {
        secret,
        claims: check.claims,
        issuedAt: check.issuedAt,
        expiresAt: check.expiresAt,
      });
      return check;
    }
    // An expired token's signature was good: no other secret will say more.
    if (check.reason === 'expired') return check;
  }
  return check;
}

async function checkSignature(token: string, secret: string): Promise<TokenCheck> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      // Refuses a token without `iat`, one issued in the future, and one issued longer ago than a lifetime.
      maxTokenAge: TOKEN_LIFETIME_SECONDS,
    });
    if (
      typeof payload.sub !== 'string' ||
      typeof payload.cid !== 'string' ||
      typeof payload.role !== 'string' ||
      typeof payload.exp !== 'number' ||
      typeof payload.iat !== 'number' ||
      payload.exp - payload.iat > TOKEN_LIFETIME_SECONDS
    ) {
      return { ok: false, reason: 'invalid' };
    }
    return {
      ok: true,
      claims: { userId: payload.sub, councilId: payload.cid, role: payload.role as StaffRole },
      issuedAt: new Date(
        typeof payload.iat_ms === 'number' && Math.floor(payload.iat_ms / 1000) === payload.iat
          ? payload.iat_ms
          : payload.iat * 1000,
      ),
      expiresAt: new Date(payload.exp * 1000),
    };
  } catch (err) {
    return { ok: false, reason: err instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
}
