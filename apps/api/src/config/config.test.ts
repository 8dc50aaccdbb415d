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

/** How messages leave Kinroom (docs/notifications.md): each provider's settings together or not at all. */
describe('messaging settings', () => {
  const base = { NODE_ENV: 'test' };
  const key = 'kinroom_test-11111111-2222-4333-8444-555555555555-66666666-7777-4888-9999-aaaaaaaaaaaa';
  const template = {
    email: 'f3a1c2d4-5b6e-4f70-8a91-b2c3d4e5f601',
    sms: 'f3a1c2d4-5b6e-4f70-8a91-b2c3d4e5f602',
  };
  const smtp = {
    KINROOM_SMTP_URL: 'smtp://kinroom:s3cret-pass@mail.council.example:587',
    KINROOM_MAIL_FROM: 'Kinroom <kinroom@council.example>',
  };

  it('send nothing when none are set: no provider, no email provider', () => {
    expect(loadConfig(base).messaging).toEqual({ smtp: null, notify: null, emailVia: null });
  });

  it('send email through the mail server from the address given', () => {
    expect(loadConfig({ ...base, ...smtp }).messaging).toEqual({
      smtp: { url: smtp.KINROOM_SMTP_URL, from: smtp.KINROOM_MAIL_FROM },
      notify: null,
      emailVia: 'smtp',
    });
    expect(
      loadConfig({ ...base, ...smtp, KINROOM_MAIL_FROM: 'kinroom@council.example' }).messaging.smtp?.from,
    ).toBe('kinroom@council.example');
  });

  it('send through GOV.UK Notify by the channels it has templates for, at its production address unless told', () => {
    const c = loadConfig({
      ...base,
      KINROOM_NOTIFY_API_KEY: key,
      KINROOM_NOTIFY_SMS_TEMPLATE_ID: template.sms,
    });
    expect(c.messaging).toEqual({
      smtp: null,
      notify: {
        baseUrl: 'https://api.notifications.service.gov.uk',
        apiKey: key,
        templateIds: { email: null, sms: template.sms, letter: null },
      },
      emailVia: null,
    });
    const local = loadConfig({
      ...base,
      KINROOM_NOTIFY_API_KEY: key,
      KINROOM_NOTIFY_EMAIL_TEMPLATE_ID: template.email,
      KINROOM_NOTIFY_BASE_URL: 'http://127.0.0.1:4020/',
    });
    expect(local.messaging.notify?.baseUrl).toBe('http://127.0.0.1:4020');
    expect(local.messaging.emailVia).toBe('notify');
  });

  it('ask which provider sends email when both could, and hold to the answer', () => {
    const both = {
      ...base,
      ...smtp,
      KINROOM_NOTIFY_API_KEY: key,
      KINROOM_NOTIFY_EMAIL_TEMPLATE_ID: template.email,
    };
    expect(() => loadConfig(both)).toThrow(/KINROOM_EMAIL_VIA is required when both SMTP and GOV.UK Notify/);
    expect(loadConfig({ ...both, KINROOM_EMAIL_VIA: 'notify' }).messaging.emailVia).toBe('notify');
    expect(loadConfig({ ...both, KINROOM_EMAIL_VIA: 'smtp' }).messaging.emailVia).toBe('smtp');
    expect(() => loadConfig({ ...both, KINROOM_EMAIL_VIA: 'pigeon' })).toThrow(
      /KINROOM_EMAIL_VIA must be smtp or notify/,
    );
    expect(() => loadConfig({ ...base, ...smtp, KINROOM_EMAIL_VIA: 'notify' })).toThrow(
      /KINROOM_EMAIL_VIA is notify but KINROOM_NOTIFY_EMAIL_TEMPLATE_ID is not set/,
    );
    expect(() =>
      loadConfig({
        ...base,
        KINROOM_NOTIFY_API_KEY: key,
        KINROOM_NOTIFY_EMAIL_TEMPLATE_ID: template.email,
        KINROOM_EMAIL_VIA: 'smtp',
      }),
    ).toThrow(/KINROOM_EMAIL_VIA is smtp but KINROOM_SMTP_URL is not set/);
  });

  it('refuse a mail server that is not smtp:// or smtps://, and a mail server without a From address', () => {
    expect(() => loadConfig({ ...base, ...smtp, KINROOM_SMTP_URL: 'https://mail.council.example' })).toThrow(
      /KINROOM_SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/,
    );
    expect(() => loadConfig({ ...base, ...smtp, KINROOM_SMTP_URL: 'smtp://' })).toThrow(
      /KINROOM_SMTP_URL must be/,
    );
    expect(() => loadConfig({ ...base, KINROOM_SMTP_URL: smtp.KINROOM_SMTP_URL })).toThrow(
      /KINROOM_MAIL_FROM is required with KINROOM_SMTP_URL/,
    );
    expect(() => loadConfig({ ...base, ...smtp, KINROOM_MAIL_FROM: 'Kinroom' })).toThrow(
      /KINROOM_MAIL_FROM must be an email address/,
    );
    expect(() => loadConfig({ ...base, KINROOM_MAIL_FROM: 'kinroom@council.example' })).toThrow(
      /KINROOM_MAIL_FROM is used only with KINROOM_SMTP_URL/,
    );
  });

  it('refuse GOV.UK Notify settings without the key, a key without a template, a malformed key or template id', () => {
    expect(() => loadConfig({ ...base, KINROOM_NOTIFY_SMS_TEMPLATE_ID: template.sms })).toThrow(
      /KINROOM_NOTIFY_API_KEY is required with the other GOV.UK Notify settings/,
    );
    expect(() =>
      loadConfig({ ...base, KINROOM_NOTIFY_BASE_URL: 'https://api.notifications.service.gov.uk' }),
    ).toThrow(/KINROOM_NOTIFY_API_KEY is required/);
    expect(() => loadConfig({ ...base, KINROOM_NOTIFY_API_KEY: key })).toThrow(
      /KINROOM_NOTIFY_EMAIL_TEMPLATE_ID or KINROOM_NOTIFY_SMS_TEMPLATE_ID or KINROOM_NOTIFY_LETTER_TEMPLATE_ID is required/,
    );
    expect(() =>
      loadConfig({
        ...base,
        KINROOM_NOTIFY_API_KEY: 'not-a-key',
        KINROOM_NOTIFY_SMS_TEMPLATE_ID: template.sms,
      }),
    ).toThrow(/KINROOM_NOTIFY_API_KEY must be a GOV.UK Notify API key/);
    expect(() =>
      loadConfig({ ...base, KINROOM_NOTIFY_API_KEY: key, KINROOM_NOTIFY_LETTER_TEMPLATE_ID: 'letter' }),
    ).toThrow(/KINROOM_NOTIFY_LETTER_TEMPLATE_ID must be a GOV.UK Notify template id/);
  });

  it('refuse a Notify address over plain http unless it is on this machine', () => {
    const notify = (url: string) =>
      loadConfig({
        ...base,
        KINROOM_NOTIFY_API_KEY: key,
        KINROOM_NOTIFY_SMS_TEMPLATE_ID: template.sms,
        KINROOM_NOTIFY_BASE_URL: url,
      });
    expect(() => notify('http://notify.example')).toThrow(
      /KINROOM_NOTIFY_BASE_URL must be an https:\/\/ URL/,
    );
    expect(() => notify('nowhere')).toThrow(/KINROOM_NOTIFY_BASE_URL must be a URL/);
    expect(notify('http://localhost:4020').messaging.notify?.baseUrl).toBe('http://localhost:4020');
  });

  it('never repeat a secret in a refusal', () => {
    const refusal = (env: Record<string, string>) => {
      try {
        loadConfig({ ...base, ...env });
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('expected a refusal');
    };
    expect(refusal({ KINROOM_SMTP_URL: smtp.KINROOM_SMTP_URL })).not.toContain('s3cret-pass');
    expect(
      refusal({
        KINROOM_SMTP_URL: 'ftp://kinroom:s3cret-pass@mail.example',
        KINROOM_MAIL_FROM: 'a@b.example',
      }),
    ).not.toContain('s3cret-pass');
    expect(refusal({ KINROOM_NOTIFY_API_KEY: key })).not.toContain('aaaaaaaaaaaa');
    expect(
      refusal({ KINROOM_NOTIFY_API_KEY: `${key}x`, KINROOM_NOTIFY_SMS_TEMPLATE_ID: template.sms }),
    ).not.toContain('aaaaaaaaaaaa');
  });
});

/** The dashboard's address, linked from the messages sent to staff (docs/notifications.md). */
describe('KINROOM_PUBLIC_URL', () => {
  const base = { NODE_ENV: 'test' };
  const publicUrl = (url: string) => loadConfig({ ...base, KINROOM_PUBLIC_URL: url }).publicUrl;

  it('is none unless set: messages carry no link', () => {
    expect(loadConfig(base).publicUrl).toBeNull();
  });

  it('is the dashboard’s https address, without a trailing slash; http only on this machine', () => {
    expect(publicUrl('https://Kinroom.Council.example/')).toBe('https://kinroom.council.example');
    expect(publicUrl('https://kinroom.council.example:8443')).toBe('https://kinroom.council.example:8443');
    expect(publicUrl('http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000');
    expect(() => publicUrl('http://kinroom.council.example')).toThrow(
      /KINROOM_PUBLIC_URL must be an https:\/\/ URL/,
    );
    expect(() => publicUrl('kinroom.council.example')).toThrow(/KINROOM_PUBLIC_URL must be a URL/);
  });

  it('refuses a path, a sign-in, a query or a fragment: a link carries nothing but the page', () => {
    for (const url of [
      'https://kinroom.council.example/dashboard',
      'https://user:secret@kinroom.council.example',
      'https://kinroom.council.example/?from=email',
      'https://kinroom.council.example/#top',
    ]) {
      expect(() => publicUrl(url), url).toThrow(
        /KINROOM_PUBLIC_URL must be the address the dashboard is opened at/,
      );
    }
  });
});
