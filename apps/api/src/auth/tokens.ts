import { errors, jwtVerify, SignJWT } from 'jose';
import type { StaffRole } from '../people/staff-user.entity.js';

export interface TokenClaims {
  userId: string;
  councilId: string;
  role: StaffRole;
}

const ISSUER = 'kinroom';
const AUDIENCE = 'kinroom-api';

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** A bearer token for a staff user; the same token works on HTTP and in the WebSocket `connection_init`. */
export async function signToken(
  claims: TokenClaims,
  secret: string,
  ttlSeconds = 12 * 3600,
): Promise<string> {
  return new SignJWT({ cid: claims.councilId, role: claims.role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key(secret));
}

export type TokenCheck =
  { ok: true; claims: TokenClaims; expiresAt: Date } | { ok: false; reason: 'expired' | 'invalid' };

export async function verifyToken(token: string, secret: string): Promise<TokenCheck> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
    });
    if (
      typeof payload.sub !== 'string' ||
      typeof payload.cid !== 'string' ||
      typeof payload.role !== 'string'
    ) {
      return { ok: false, reason: 'invalid' };
    }
    return {
      ok: true,
      claims: { userId: payload.sub, councilId: payload.cid, role: payload.role as StaffRole },
      expiresAt: new Date((payload.exp ?? 0) * 1000),
    };
  } catch (err) {
    return { ok: false, reason: err instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
}
