import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Received<T> {
  items: T[];
  errors: unknown[];
  /** Resolves once `n` items have arrived (rejects after `ms`). */
  waitFor(n: number, ms?: number): Promise<T[]>;
  stop(): void;
}

export function wsClient(httpUrl: string, token: string | null, extra: { lazy?: boolean } = {}): Client {
  return createClient({
    url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { token } : {},
    lazy: extra.lazy ?? true,
    retryAttempts: 0,
  });
}

/** Subscribes and collects what arrives. */
export function collect<T = Record<string, unknown>>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Received<T> {
  const items: T[] = [];
  const errors: unknown[] = [];
  const waiters: (() => void)[] = [];
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (v) => {
        if (v.errors) errors.push(v.errors);
        if (v.data) items.push(v.data as T);
        waiters.forEach((w) => w());
      },
      error: (e) => {
        errors.push(e);
        waiters.forEach((w) => w());
      },
      complete: () => {},
    },
  );
  return {
    items,
    errors,
    stop,
    waitFor: (n, ms = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (items.length >= n) resolve(items.slice());
          else if (errors.length > 0) reject(new Error(`subscription failed: ${JSON.stringify(errors)}`));
        };
        const timer = setTimeout(
          () => reject(new Error(`only ${items.length} of ${n} events within ${ms} ms`)),
          ms,
        );
        waiters.push(() => {
          check();
          if (items.length >= n || errors.length > 0) clearTimeout(timer);
        });
        check();
      }),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `done` until it holds (generously: the machine may be slow), failing with `what` otherwise. */
export async function until(what: string, done: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
