/**
 * What the bench's hand-written servers (raw.ts, kept.ts) do before answering, as Kinroom does it: verify the bearer
 * token (HS256, by hand), refuse a viewer who is gone, deactivated or has another role, and answer errors in
 * GraphQL's shape with a stable code.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Viewer {
  id: string;
  councilId: string;
  role: string;
  centreId: string | null;
}

export interface Claims {
  sub: string;
  cid: string;
  role: string;
}

export class HttpError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Verifies an HS256 token the way Kinroom's `verifyToken` does: signature, issuer, audience, expiry. */
export function claims(req: IncomingMessage, secret: string): Claims {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m) throw new HttpError('UNAUTHENTICATED', 'Sign in first.');
  const [h, p, s] = m[1]!.split('.');
  if (!h || !p || !s) throw new HttpError('UNAUTHENTICATED', 'The sign-in token is not valid.');
  const expected = createHmac('sha256', secret).update(`${h}.${p}`).digest();
  const given = Buffer.from(s, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new HttpError('UNAUTHENTICATED', 'The sign-in token is not valid.');
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  if (payload.iss !== 'kinroom' || payload.aud !== 'kinroom-api' || Number(payload.exp) * 1000 < Date.now())
    throw new HttpError('UNAUTHENTICATED', 'The sign-in token is not valid.');
  return payload as unknown as Claims;
}

export function viewerFrom(row: Record<string, unknown> | null, c: { role: string }): Viewer {
  if (!row || row.active !== true || row.role !== c.role)
    throw new HttpError('UNAUTHENTICATED', 'This sign-in is no longer valid: sign in again.');
  return {
    id: String(row.id),
    councilId: String(row.council_id),
    role: String(row.role),
    centreId: (row.centre_id as string | null) ?? null,
  };
}

export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Answers a handler's result, or its refusal as a GraphQL error with its code (INTERNAL for anything else). */
export function answer(res: ServerResponse, handle: Promise<unknown>): void {
  handle.then(
    (body) => send(res, 200, body),
    (err: unknown) => {
      const code = err instanceof HttpError ? err.code : 'INTERNAL';
      send(res, 200, { errors: [{ message: (err as Error).message, extensions: { code } }], data: null });
    },
  );
}
