import { reactive } from 'vue';

export type LinkState = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** The live link's state, shown to the user: they must know when what they see may be out of date. */
export const connection = reactive<{ state: LinkState; lastUpdate: Date | null; retries: number }>({
  state: 'connecting',
  lastUpdate: null,
  retries: 0,
});

export function markUpdate(at = new Date()): void {
  connection.lastUpdate = at;
}
