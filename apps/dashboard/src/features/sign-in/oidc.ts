import * as oauth from 'oauth4webapi';

/**
 * Signing in through the council's identity provider (docs/sign-in.md): the authorization code flow with PKCE,
 * `state` and `nonce`, as a public client, done with oauth4webapi. The browser goes to the provider, comes back to
 * `/signed-in` with a code, exchanges it for the ID token, and gives that to the API (`signInWithOidc`), which
 * checks it again and answers with Kinroom's own session. Nothing of the provider's tokens is kept afterwards.
 */

export interface OidcOptions {
  issuer: string;
  clientId: string;
  scopes: string;
}

/** What the browser remembers between leaving for the provider and coming back, in this tab only. */
interface Pending extends OidcOptions {
  codeVerifier: string;
  state: string;
  nonce: string;
  next: string | null;
}

const PENDING = 'kinroom.oidc.pending';

export const CALLBACK_PATH = '/signed-in';

function redirectUri(): string {
  return `${location.origin}${CALLBACK_PATH}`;
}

/** Plain http only for a provider on this machine (tests); the API refuses any other too (config.ts). */
function insecure(issuer: URL): { [oauth.allowInsecureRequests]?: boolean } {
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
  return issuer.protocol === 'http:' && local ? { [oauth.allowInsecureRequests]: true } : {};
}

async function discover(issuer: URL): Promise<oauth.AuthorizationServer> {
  const response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure(issuer) });
  return oauth.processDiscoveryResponse(issuer, response);
}

/** Leaves for the provider's sign-in page; `next` is where to go once signed in. */
export async function startOidcSignIn(o: OidcOptions, next: string | null): Promise<void> {
  const issuer = new URL(o.issuer);
  const as = await discover(issuer);
  if (!as.authorization_endpoint) throw new Error('The identity provider has no authorization endpoint.');
  const pending: Pending = {
    ...o,
    codeVerifier: oauth.generateRandomCodeVerifier(),
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    next,
  };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: o.clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: o.scopes,
    code_challenge: await oauth.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
  }).toString();
  location.assign(url.href);
}

export interface ProviderSignIn {
  idToken: string;
  nonce: string;
  next: string | null;
  /** Where signing out at the provider is done, when it offers it. */
  endSession: string | null;
  clientId: string;
}

/**
 * Back from the provider: checks the answer against this tab's pending sign-in (state), exchanges the code with the
 * PKCE verifier, and checks the ID token (issuer, audience, nonce). Throws with a plain message otherwise.
 */
export async function finishOidcSignIn(current: URL): Promise<ProviderSignIn> {
  const raw = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  if (!raw)
    throw new Error('This sign-in was not started in this tab, or has already been used: start again.');
  const pending = JSON.parse(raw) as Pending;
  const issuer = new URL(pending.issuer);
  const as = await discover(issuer);
  const client: oauth.Client = { client_id: pending.clientId };
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(as, client, current, pending.state);
  } catch (err) {
    const reason =
      err instanceof oauth.AuthorizationResponseError ? err.error_description || err.error : null;
    throw new Error(
      reason
        ? `The identity provider did not sign you in: ${reason}.`
        : 'The answer from the identity provider does not belong to this sign-in: start again.',
      { cause: err },
    );
  }
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    redirectUri(),
    pending.codeVerifier,
    insecure(issuer),
  );
  const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
    expectedNonce: pending.nonce,
    requireIdToken: true,
  });
  if (!result.id_token) throw new Error('The identity provider sent no ID token.');
  return {
    idToken: result.id_token,
    nonce: pending.nonce,
    next: pending.next,
    endSession: as.end_session_endpoint ?? null,
    clientId: pending.clientId,
  };
}

/** Where to send the browser to sign out at the provider too, coming back to Kinroom's sign-in page. */
export function providerSignOutUrl(endSession: string, clientId: string): string {
  const url = new URL(endSession);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('post_logout_redirect_uri', `${location.origin}/sign-in`);
  return url.href;
}
