import { describe, expect, it } from 'vitest';
import { smtpTransportOptions } from './smtp.js';

/** How Kinroom speaks to the council's mail server, read from KINROOM_SMTP_URL (docs/notifications.md). */
describe('the mail server connection', () => {
  it('switches to TLS before sending to a server elsewhere, and may speak plainly only to this machine', () => {
    expect(smtpTransportOptions('smtp://mail.council.example')).toMatchObject({
      host: 'mail.council.example',
      port: 587,
      secure: false,
      requireTLS: true,
    });
    expect(smtpTransportOptions('smtp://127.0.0.1:2525')).toMatchObject({ port: 2525, requireTLS: false });
    expect(smtpTransportOptions('smtp://[::1]:2525')).toMatchObject({ host: '::1', requireTLS: false });
  });

  it('uses TLS from the start for smtps://', () => {
    expect(smtpTransportOptions('smtps://mail.council.example')).toMatchObject({
      port: 465,
      secure: true,
      requireTLS: false,
    });
  });

  it('signs in with the URL-encoded user and password, or not at all', () => {
    expect(smtpTransportOptions('smtp://kinroom%40council:p%40ss%20word@mail.council.example').auth).toEqual({
      user: 'kinroom@council',
      pass: 'p@ss word',
    });
    expect(smtpTransportOptions('smtp://mail.council.example').auth).toBeUndefined();
  });
});
