/**
 * A real OpenID Connect provider for tests (node-oidc-provider), run as its own process:
 *
 *   node --import tsx test/oidc-provider.ts
 *
 * configured by the environment:
 * - `OIDC_PORT`: the port on 127.0.0.1 (0: any free one);
 * - `OIDC_CLIENT`: JSON `{ clientId, redirectUris, postLogoutRedirectUris? }`, a public client (PKCE, no secret);
 * - `OIDC_ACCOUNTS`: JSON `[{ sub, email, email_verified, name }]`; the login form takes a subject or an email, and
 *   any password;
 * - `OIDC_JWKS_FILE`: a JWKS file of private keys (JSON `{ keys: [...] }`), the provider's signing keys.
 *
 * It prints `OIDC provider ready at <issuer>` once it serves. Consent is granted without asking (a council's own
 * provider does not ask its staff whether Kinroom may know their email), and signing out at the provider needs no
 * confirmation, so that a browser test runs through without a dead end. Use it through `test/oidc.ts`.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The little of node-oidc-provider's API used here (it ships no types). */
interface Grant {
  jti: string;
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}
interface OidcContext {
  body: unknown;
  oidc: {
    session?: { accountId?: string; grantIdFor(clientId: string, grantId?: string): string | undefined };
    client?: { clientId: string };
    result?: { consent?: { grantId?: string } };
    provider: ProviderInstance;
  };
}
interface ProviderInstance {
  Grant: {
    new (o: { clientId: string; accountId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
  };
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: unknown,
    options?: unknown,
  ): Promise<void>;
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
}
type Configuration = Record<string, unknown>;
const moduleName = 'oidc-provider';
const { default: Provider } = (await import(moduleName)) as {
  default: new (issuer: string, configuration: Configuration) => ProviderInstance;
};

interface Account {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
}

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
}

const port = Number(process.env.OIDC_PORT ?? '0');
const client = JSON.parse(required('OIDC_CLIENT')) as {
  clientId: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
};
const accounts = JSON.parse(required('OIDC_ACCOUNTS')) as Account[];
const jwks = JSON.parse(readFileSync(required('OIDC_JWKS_FILE'), 'utf8')) as { keys: object[] };

function accountFor(login: string): Account | undefined {
  const l = login.trim().toLowerCase();
  return accounts.find((a) => a.sub === login.trim() || a.email.toLowerCase() === l);
}

const server = createServer();
await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
const address = server.address();
if (!address || typeof address === 'string') throw new Error('no port');
const issuer = `http://127.0.0.1:${address.port}`;

const configuration: Configuration = {
  clients: [
    {
      client_id: client.clientId,
      token_endpoint_auth_method: 'none',
      application_type: 'web',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: client.redirectUris,
      post_logout_redirect_uris: client.postLogoutRedirectUris ?? [],
    },
  ],
  jwks,
  cookies: { keys: ['kinroom-test-provider-cookie-key'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // The ID token carries the claims of the scopes asked for, as Entra ID's and Google's do.
  conformIdTokenClaims: false,
  // The dashboard's token request comes from its own origin.
  clientBasedCORS: () => true,
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      // Signs out at once: the confirmation form submits itself.
      logoutSource(ctx: OidcContext, form: string) {
        const yes = form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>');
        ctx.body = `<!doctype html><html><body>${yes}<script>document.forms[0].submit()</script></body></html>`;
      },
    },
  },
  async findAccount(_ctx: OidcContext, id: string) {
    const account = accountFor(id);
    if (!account) return undefined;
    return { accountId: account.sub, claims: () => ({ ...account }) };
  },
  async loadExistingGrant(ctx: OidcContext) {
    const session = ctx.oidc.session!;
    const clientId = ctx.oidc.client!.clientId;
    const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId, accountId: session.accountId! });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    session.grantIdFor(clientId, grant.jti);
    return grant;
  },
  ttl: {
    IdToken: 300,
    AccessToken: 300,
    AuthorizationCode: 60,
    Session: 3600,
    Interaction: 600,
    Grant: 3600,
  },
};

const provider = new Provider(issuer, configuration);
// The login form's value is a subject or an email; the session holds the subject.
const submit = provider.interactionFinished.bind(provider);
provider.interactionFinished = (req, res, result, options) => {
  const login = (result as { login?: { accountId: string } }).login;
  if (login) {
    const account = accountFor(login.accountId);
    if (!account) {
      return submit(req, res, { error: 'access_denied', error_description: 'No such account' }, options);
    }
    login.accountId = account.sub;
  }
  return submit(req, res, result, options);
};
server.on('request', provider.callback());
process.stdout.write(`OIDC provider ready at ${issuer}\n`);

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
