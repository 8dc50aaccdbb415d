import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

/** The identity provider's settings (docs/sign-in.md), read and checked once at start-up. */
describe('OIDC settings', () => {
  const base = { NODE_ENV: 'test' };

  it('are off unless both the issuer and the client id are given, and one without the other is refused', () => {
    expect(loadConfig(base).oidc).toBeNull();
    expect(() => loadConfig({ ...base, KINROOM_OIDC_ISSUER: 'https://login.example/tenant/v2.0' })).toThrow(
      /KINROOM_OIDC_CLIENT_ID is required/,
    );
    expect(() => loadConfig({ ...base, KINROOM_OIDC_CLIENT_ID: 'kinroom' })).toThrow(
      /KINROOM_OIDC_ISSUER is required/,
    );
  });

  it('take the default scopes and bind by email unless told otherwise', () => {
    const c = loadConfig({
      ...base,
      KINROOM_OIDC_ISSUER: 'https://login.example/tenant/v2.0',
      KINROOM_OIDC_CLIENT_ID: 'kinroom',
    });
    expect(c.oidc).toEqual({
      issuer: 'https://login.example/tenant/v2.0',
      clientId: 'kinroom',
      scopes: 'openid email profile',
      bindByEmail: true,
    });
    const off = loadConfig({
      ...base,
      KINROOM_OIDC_ISSUER: 'https://login.example',
      KINROOM_OIDC_CLIENT_ID: 'kinroom',
      KINROOM_OIDC_BIND_BY_EMAIL: 'false',
      KINROOM_OIDC_SCOPES: 'openid  email',
    });
    expect(off.oidc).toMatchObject({ scopes: 'openid email', bindByEmail: false });
  });

  it('refuse an issuer over plain http unless it is on this machine, and scopes without openid', () => {
    const oidc = (issuer: string, scopes?: string) =>
      loadConfig({
        ...base,
        KINROOM_OIDC_ISSUER: issuer,
        KINROOM_OIDC_CLIENT_ID: 'kinroom',
        ...(scopes ? { KINROOM_OIDC_SCOPES: scopes } : {}),
      });
    expect(() => oidc('http://login.example')).toThrow(ConfigError);
    expect(() => oidc('http://login.example')).toThrow(/must be an https:\/\/ URL/);
    expect(() => oidc('not a url')).toThrow(ConfigError);
    expect(oidc('http://127.0.0.1:4010').oidc?.issuer).toBe('http://127.0.0.1:4010');
    expect(() => oidc('https://login.example', 'email profile')).toThrow(/must include openid/);
  });
});
