import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { KinroomError } from '../common/errors.js';
import type { OidcConfig } from '../config/config.js';

/**
 * Checking an ID token from the council's OpenID Connect provider (docs/sign-in.md). The provider's keys come from
 * its discovery document's `jwks_uri`, kept in memory and fetched again when a token names a key not among them,
 * so that the provider can rotate its keys without Kinroom being restarted.
 */

/** Only public-key signatures: a shared-secret (HS*) token could be made by anyone holding the client secret. */
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** An ID token issued longer ago than this is refused, even if the provider gave it a longer life. */
const MAX_ID_TOKEN_AGE = '10m';

/** The shortest time between two fetches of the provider's keys for an unknown key id (a flood of bogus ids). */
const JWKS_REFETCH_COOLDOWN_MS = 2_000;

/** How long the discovery document is trusted before it is read again. */
const DISCOVERY_TTL_MS = 60 * 60_000;

export interface IdentityClaims {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

interface Provider {
  jwks: ReturnType<typeof createRemoteJWKSet>;
  fetchedAt: number;
}

const providers = new Map<string, Promise<Provider>>();

function unavailable(): KinroomError {
  return new KinroomError(
    'SERVICE_UNAVAILABLE',
    'Your council’s identity provider could not be reached to check the sign-in: try again shortly.',
  );
}

async function discover(issuer: string): Promise<Provider> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let doc: { issuer?: unknown; jwks_uri?: unknown };
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'error' });
    if (!res.ok) throw new Error(`discovery answered ${res.status}`);
    doc = (await res.json()) as typeof doc;
  } catch {
    throw unavailable();
  }
  // The document must be the issuer's own (OpenID Connect Discovery 1.0, section 4.3).
  if (doc.issuer !== issuer || typeof doc.jwks_uri !== 'string') throw unavailable();
  const jwksUri = new URL(doc.jwks_uri);
  return {
    jwks: createRemoteJWKSet(jwksUri, {
      cooldownDuration: JWKS_REFETCH_COOLDOWN_MS,
      timeoutDuration: 10_000,
    }),
    fetchedAt: Date.now(),
  };
}

async function provider(issuer: string): Promise<Provider> {
  let found = providers.get(issuer);
  const fresh = found && (await found.catch(() => null));
  if (!fresh || Date.now() - fresh.fetchedAt > DISCOVERY_TTL_MS) {
    found = discover(issuer);
    providers.set(issuer, found);
    // A provider that could not be reached is asked again on the next sign-in, not remembered as down.
    found.catch(() => providers.delete(issuer));
  }
  return found!;
}

function refused(message: string): KinroomError {
  return new KinroomError('UNAUTHENTICATED', message);
}

/** Why an ID token was refused, in words a person at the sign-in screen can act on. */
function why(err: unknown): KinroomError {
  if (err instanceof KinroomError) return err;
  if (err instanceof errors.JWTExpired && err.claim === 'exp') {
    return refused('The sign-in from your identity provider has expired: sign in again.');
  }
  if (err instanceof errors.JWTClaimValidationFailed || err instanceof errors.JWTExpired) {
    switch (err.claim) {
      case 'iss':
        return refused('The sign-in came from another identity provider than your council’s.');
      case 'aud':
        return refused('The sign-in was issued for another application, not Kinroom.');
      case 'iat':
        return refused(
          'The sign-in from your identity provider is too old (or from the future): sign in again.',
        );
      default:
        return refused(`The sign-in from your identity provider is not valid (${err.claim}).`);
    }
  }
  if (err instanceof errors.JOSEAlgNotAllowed) {
    return refused('The sign-in is not signed with a public key, which Kinroom requires.');
  }
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWSSignatureVerificationFailed) {
    return refused('The sign-in is not signed by a key your identity provider publishes.');
  }
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) return unavailable();
  if (err instanceof TypeError && /fetch/i.test(err.message)) return unavailable();
  return refused('The sign-in from your identity provider is not a valid ID token.');
}

/**
 * Checks an ID token against the configured provider: its signature by a key the issuer publishes, an asymmetric
 * algorithm, `iss`, `aud` (Kinroom's client id), `exp`, an `iat` at most 10 minutes old, and the `nonce` the
 * dashboard sent with the authorization request. Any failure is UNAUTHENTICATED, saying which in plain words.
 */
export async function verifyIdToken(
  config: OidcConfig,
  idToken: string,
  nonce: string,
): Promise<IdentityClaims> {
  let payload: JWTPayload;
  try {
    // Something that is not a JWS at all, or not signed with a public key, never makes the provider be asked.
    const alg = decodeProtectedHeader(idToken).alg;
    if (!alg || !ASYMMETRIC.includes(alg)) throw new errors.JOSEAlgNotAllowed('alg not allowed');
    const { jwks } = await provider(config.issuer);
    ({ payload } = await jwtVerify(idToken, jwks, {
      issuer: config.issuer,
      audience: config.clientId,
      algorithms: ASYMMETRIC,
      maxTokenAge: MAX_ID_TOKEN_AGE,
      requiredClaims: ['sub', 'exp', 'iat'],
    }));
  } catch (err) {
    throw why(err);
  }
  if (!nonce || payload.nonce !== nonce) {
    throw refused('The sign-in does not belong to this browser’s sign-in attempt: start again.');
  }
  // With several audiences, the token must have been issued to Kinroom (OpenID Connect Core 1.0, 3.1.3.7).
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== config.clientId) {
    throw refused('The sign-in was issued for another application, not Kinroom.');
  }
  if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 255) {
    throw refused('The sign-in does not say who you are (no subject).');
  }
  return {
    subject: payload.sub,
    email: typeof payload.email === 'string' ? payload.email.trim().toLowerCase() : null,
    emailVerified: payload.email_verified === true,
    name: typeof payload.name === 'string' ? payload.name : null,
  };
}
