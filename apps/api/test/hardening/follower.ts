import type { Client } from 'graphql-ws';
import { wsConnect } from './transport.js';

/**
 * A subscriber that behaves as the dashboard does: it remembers the last cursor it saw and, whenever its socket
 * or its server goes away, subscribes again (to whichever server is current) from that cursor.
 */
export interface Follower {
  /** Every cursor received, in order of arrival, duplicates included. */
  cursors: string[];
  /** How many times it had to resubscribe. */
  resumed: number;
  stop(): Promise<void>;
}

export function follow(
  currentUrl: () => string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
  after: string,
): Follower {
  const cursors: string[] = [];
  let client: Client | null = null;
  let stopped = false;
  const state = { resumed: -1 };
  const open = () => {
    if (stopped) return;
    state.resumed += 1;
    client = wsConnect(currentUrl(), token);
    const mine = client;
    mine.subscribe<Record<string, { cursor: string }>>(
      { query, variables: { ...variables, after: cursors.at(-1) ?? after } },
      {
        next: (v) => {
          const event = v.data ? Object.values(v.data)[0] : undefined;
          if (event) cursors.push(event.cursor);
        },
        error: () => {
          void mine.dispose();
          setTimeout(open, 200);
        },
        complete: () => {
          if (stopped) return;
          void mine.dispose();
          setTimeout(open, 200);
        },
      },
    );
  };
  open();
  return {
    cursors,
    get resumed() {
      return state.resumed;
    },
    stop: async () => {
      stopped = true;
      await client?.dispose();
    },
  };
}
