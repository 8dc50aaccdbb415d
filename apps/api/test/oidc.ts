import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';

const API_DIR = fileURLToPath(new URL('..', import.meta.url));

/** An account at the test provider: its login form takes the subject or the email, and any password. */
export interface OidcAccount {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
}

export interface OidcProviderOptions {
  accounts: OidcAccount[];
  /** Kinroom's client id at the provider. Default `kinroom-dashboard`. */
  clientId?: string;
  /** Where the provider may send a browser back after signing in (the dashboard's callback). Default none. */
  redirectUris?: string[];
  /** Where it may send a browser back after signing out. Default none. */
  postLogoutRedirectUris?: string[];
}

export interface SignOptions {
  /** Default the provider's issuer. */
  issuer?: string;
  /** Default the client id. */
  audience?: string | string[];
  /** Seconds since the epoch; default now. */
  issuedAt?: number;
  /** Seconds since the epoch; default five minutes after `issuedAt`. */
  expiresAt?: number;
  /**
   * Which key signs: the provider's current one (default), the one it published before `restartWithNewKeys`
   * (`previous`), or one it never published (`foreign`).
   */
  key?: 'current' | 'previous' | 'foreign';
}

export interface OidcProvider {
  /** The issuer URL, as in `KINROOM_OIDC_ISSUER`. */
  issuer: string;
  clientId: string;
  /** Stops the provider process. */
  stop(): Promise<void>;
  /** Restarts the provider at the same issuer with a new signing key; the old one is no longer published. */
  restartWithNewKeys(): Promise<void>;
  /** An ID token signed as the provider would sign it (RS256), with `claims` (sub, nonce, email…) and `opts`. */
  signIdToken(claims: Record<string, unknown>, opts?: SignOptions): Promise<string>;
}

interface KeyPair {
  kid: string;
  privateJwk: JWK;
}

async function newKey(): Promise<KeyPair> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  return { kid, privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' } };
}

/**
 * Starts a real OpenID Connect provider (test/oidc-provider.ts, node-oidc-provider) as a separate process on
 * 127.0.0.1, for API and browser tests of signing in. `stop()` it when done.
 */
export async function startOidcProvider(opts: OidcProviderOptions): Promise<OidcProvider> {
  const dir = await mkdtemp(join(tmpdir(), 'kinroom-oidc-'));
  const jwksFile = join(dir, 'jwks.json');
  const clientId = opts.clientId ?? 'kinroom-dashboard';
  const foreign = await newKey();
  let previous: KeyPair | null = null;
  let current = await newKey();
  let child: ChildProcess | null = null;
  let port = 0;

  async function launch(): Promise<string> {
    await writeFile(jwksFile, JSON.stringify({ keys: [current.privateJwk] }));
    const proc = spawn(process.execPath, ['--import', 'tsx', 'test/oidc-provider.ts'], {
      cwd: API_DIR,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        OIDC_PORT: String(port),
        OIDC_JWKS_FILE: jwksFile,
        OIDC_CLIENT: JSON.stringify({
          clientId,
          redirectUris: opts.redirectUris ?? [],
          postLogoutRedirectUris: opts.postLogoutRedirectUris ?? [],
        }),
        OIDC_ACCOUNTS: JSON.stringify(opts.accounts),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let out = '';
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`OIDC provider did not start: ${out}`)), 30_000);
      proc.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /OIDC provider ready at (\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      proc.once('exit', () => {
        clearTimeout(timer);
        reject(new Error(`OIDC provider exited: ${out}`));
      });
    });
  }

  async function halt(): Promise<void> {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGTERM');
    await exited;
  }

  const issuer = await launch();
  port = Number(new URL(issuer).port);

  return {
    issuer,
    clientId,
    async stop() {
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
    async restartWithNewKeys() {
      await halt();
      previous = current;
      current = await newKey();
      await launch();
    },
    async signIdToken(claims, o = {}) {
      const pair = o.key === 'foreign' ? foreign : o.key === 'previous' ? previous : current;
      if (!pair) throw new Error('no previous key: restartWithNewKeys() first');
      const iat = o.issuedAt ?? Math.floor(Date.now() / 1000);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: pair.kid, typ: 'JWT' })
        .setIssuer(o.issuer ?? issuer)
        .setAudience(o.audience ?? clientId)
        .setIssuedAt(iat)
        .setExpirationTime(o.expiresAt ?? iat + 300)
        .sign(await importJWK(pair.privateJwk, 'RS256'));
    },
  };
}
