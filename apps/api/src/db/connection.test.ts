import { describe, expect, it } from 'vitest';
import { connectionOptions, DatabaseUrlError } from './connection.js';

const BASE = 'postgres://kinroom:s3cret-pass@db.council.example:5432/kinroom';

describe("a database URL's TLS, as PostgreSQL's sslmode means it", () => {
  it('is plain text without sslmode, and with disable or allow', () => {
    expect(connectionOptions(BASE).ssl).toBeUndefined();
    expect(connectionOptions(`${BASE}?sslmode=disable`).ssl).toBe(false);
    expect(connectionOptions(`${BASE}?sslmode=allow`).ssl).toBe(false);
  });

  it('encrypts without checking the certificate with prefer and require', () => {
    expect(connectionOptions(`${BASE}?sslmode=prefer`).ssl).toEqual({ rejectUnauthorized: false });
    expect(connectionOptions(`${BASE}?sslmode=require`).ssl).toEqual({ rejectUnauthorized: false });
  });

  it('checks the certificate and the host name with verify-full', () => {
    const ssl = connectionOptions(`${BASE}?sslmode=verify-full`).ssl;
    expect(ssl).toEqual({});
  });

  it('keeps the host, port, user, password and database', () => {
    expect(connectionOptions(`${BASE}?sslmode=require`)).toMatchObject({
      host: 'db.council.example',
      port: 5432,
      user: 'kinroom',
      password: 's3cret-pass',
      database: 'kinroom',
    });
  });

  it('refuses what it cannot honour, never repeating the URL', () => {
    const refusals = [
      `${BASE}?sslmode=verify`,
      `${BASE}?sslmode=verify-ca`,
      `${BASE}?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem`,
    ].map((url) => {
      try {
        connectionOptions(url);
        return null;
      } catch (err) {
        expect(err).toBeInstanceOf(DatabaseUrlError);
        return (err as Error).message;
      }
    });
    expect(refusals).toEqual([
      'sslmode=verify is not one of disable, allow, prefer, require, verify-ca, verify-full',
      'sslmode=verify-ca needs sslrootcert, the file of the CA that signed the server',
      'names a certificate file that cannot be read: /nonexistent/ca.pem (ENOENT)',
    ]);
    for (const message of refusals) expect(message).not.toContain('s3cret');
  });
});
