import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [k: string]: unknown };
}

/** What one operation came back with, on either transport. */
export interface Answer {
  transport: 'http' | 'ws';
  /** HTTP status, or 0 over WebSocket. */
  status: number;
  data?: Record<string, unknown> | null;
  errors?: GqlError[];
  /** Set when the socket was closed instead of answering (e.g. 4403 without a valid token). */
  closeCode?: number;
  /** The raw text received, for leak checks. */
  raw: string;
}

export async function httpGql(
  url: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
  operationName?: string,
): Promise<Answer> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables, ...(operationName ? { operationName } : {}) }),
  });
  const raw = await res.text();
  let body: { data?: Record<string, unknown> | null; errors?: GqlError[] } = {};
  try {
    body = JSON.parse(raw) as typeof body;
  } catch {
    // Left empty: the caller judges the raw text and the status.
  }
  return { transport: 'http', status: res.status, data: body.data, errors: body.errors, raw };
}

export function wsConnect(url: string, token: string | null): Client {
  return createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { token } : {},
    lazy: true,
    retryAttempts: 0,
  });
}

/**
 * Runs one operation over graphql-ws and resolves with its first answer: the first `next` (or the `error`), or the
 * socket's close code. A subscription stays open until `stop` is called on the returned handle. Silence is an
 * answer too, after `waitMs`, so that a subscription that should have been refused fails its test instead of
 * hanging it.
 */
export function wsFirst(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
  operationName?: string,
  waitMs = 15_000,
): { answer: Promise<Answer>; stop: () => void; received: Answer[] } {
  const received: Answer[] = [];
  let settle: (a: Answer) => void = () => {};
  const answer = new Promise<Answer>((r) => {
    const timer = setTimeout(
      () =>
        r({ transport: 'ws', status: 0, errors: [{ message: `no answer within ${waitMs} ms` }], raw: '' }),
      waitMs,
    );
    settle = (a) => {
      clearTimeout(timer);
      r(a);
    };
  });
  const stop = client.subscribe(
    { query, variables, ...(operationName ? { operationName } : {}) },
    {
      next: (v) => {
        const a: Answer = {
          transport: 'ws',
          status: 0,
          data: (v.data ?? null) as Record<string, unknown> | null,
          errors: v.errors as GqlError[] | undefined,
          raw: JSON.stringify(v),
        };
        received.push(a);
        settle(a);
      },
      error: (e) => {
        const close = e as { code?: number; reason?: string };
        if (Array.isArray(e)) {
          settle({ transport: 'ws', status: 0, errors: e as GqlError[], raw: JSON.stringify(e) });
        } else if (typeof close.code === 'number') {
          settle({ transport: 'ws', status: 0, closeCode: close.code, raw: String(close.reason ?? '') });
        } else {
          settle({ transport: 'ws', status: 0, errors: [{ message: String(e) }], raw: String(e) });
        }
      },
      complete: () => {},
    },
  );
  return { answer, stop, received };
}
