import { reactive } from 'vue';

export type LinkState = 'connecting' | 'live' | 'reconnecting' | 'offline';

/**
 * The live link's state, shown to the user: they must know when what they see may be out of date. `following`
 * counts the live subscriptions the page holds; a page that holds none has no live data, and shows no state at all.
 */
export const connection = reactive<{
  state: LinkState;
  lastUpdate: Date | null;
  retries: number;
  following: number;
}>({
  state: 'connecting',
  lastUpdate: null,
  retries: 0,
  following: 0,
});

export function markUpdate(at = new Date()): void {
  connection.lastUpdate = at;
}

/** Counts one live subscription; the returned function stops counting it, once however often it is called. */
export function holdLive(): () => void {
  connection.following += 1;
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    connection.following = Math.max(0, connection.following - 1);
  };
}

/** What the badge says, by the link's state; null when the page follows nothing live and there is nothing to say. */
export function linkLabel(state: LinkState, following: number): string | null {
  if (following === 0) return null;
  return { live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline', connecting: 'Connecting…' }[
    state
  ];
}
