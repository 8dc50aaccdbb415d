import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';

/**
 * A stand-in for graphql-ws's client that behaves as the real one does on a reconnect: it sends the very payload
 * object it was given again. That is what lets the composable's cursor reach the server after a reconnect.
 */
const fake = vi.hoisted(() => {
  type Sink = { next: (v: unknown) => void; error: (e: unknown) => void; complete: () => void };
  const state = {
    sent: [] as { variables: Record<string, unknown> }[],
    sink: null as Sink | null,
    payload: null as { variables: Record<string, unknown> } | null,
    connected: [] as ((s: unknown, a: unknown, retry: boolean) => void)[],
    disposed: 0,
  };
  const client = {
    subscribe(payload: { variables: Record<string, unknown> }, sink: Sink) {
      state.payload = payload;
      state.sink = sink;
      state.sent.push(structuredClone(payload));
      return () => (state.disposed += 1);
    },
    on(_event: string, listener: (s: unknown, a: unknown, retry: boolean) => void) {
      state.connected.push(listener);
      return () => {};
    },
  };
  /** What graphql-ws does when the socket comes back: resend the same payload, then announce the connection. */
  const reconnect = () => {
    state.sent.push(structuredClone(state.payload!));
    state.connected.forEach((l) => l(null, null, true));
  };
  return { state, client, reconnect };
});

vi.mock('../app/apollo', () => ({ liveClient: () => fake.client }));

const { connection } = await import('../app/connection');
const { useLiveCentre } = await import('./use-live-centre');

const event = (cursor: string) => ({
  data: { roomBoardChanged: { cursor, topic: 'session', kind: 'booked' } },
});

describe('useLiveCentre', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    fake.state.sent = [];
    fake.state.connected = [];
    fake.state.disposed = 0;
    connection.lastUpdate = null;
  });
  afterEach(() => vi.useRealTimers());

  it('refetches once per burst of events, and marks the time of the update', () => {
    const refetch = vi.fn();
    const scope = effectScope();
    scope.run(() => useLiveCentre(ref('centre-1'), refetch, { debounceMs: 200, maxWaitMs: 1000 }));
    expect(fake.state.sent[0]!.variables).toEqual({ centreId: 'centre-1', after: null });

    fake.state.sink!.next(event('10'));
    fake.state.sink!.next(event('11'));
    expect(connection.lastUpdate).not.toBeNull();
    vi.advanceTimersByTime(199);
    expect(refetch).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(refetch).toHaveBeenCalledTimes(1);
    scope.stop();
    expect(fake.state.disposed).toBe(1);
  });

  it('does not let a steady stream of events hold the refetch back beyond the longest wait', () => {
    const refetch = vi.fn();
    const scope = effectScope();
    scope.run(() => useLiveCentre(ref('centre-1'), refetch, { debounceMs: 200, maxWaitMs: 500 }));
    for (let i = 0; i < 6; i++) {
      fake.state.sink!.next(event(String(20 + i)));
      vi.advanceTimersByTime(100);
    }
    expect(refetch).toHaveBeenCalledTimes(1);
    scope.stop();
  });

  it('resubscribes after a reconnect from the last cursor it saw, and refetches to catch up', () => {
    const refetch = vi.fn();
    const scope = effectScope();
    const live = scope.run(() => useLiveCentre(ref('centre-1'), refetch, { debounceMs: 50 }))!;
    fake.state.sink!.next(event('41'));
    vi.advanceTimersByTime(50);
    expect(live.lastCursor.value).toBe('41');

    fake.reconnect();
    expect(fake.state.sent.at(-1)!.variables).toEqual({ centreId: 'centre-1', after: '41' });
    vi.advanceTimersByTime(50);
    expect(refetch).toHaveBeenCalledTimes(2);
    scope.stop();
  });

  it('starts afresh, without the old cursor, when the centre changes', async () => {
    const centre = ref('centre-1');
    const scope = effectScope();
    scope.run(() => useLiveCentre(centre, vi.fn()));
    fake.state.sink!.next(event('7'));
    centre.value = 'centre-2';
    await nextTick();
    expect(fake.state.disposed).toBe(1);
    expect(fake.state.sent.at(-1)!.variables).toEqual({ centreId: 'centre-2', after: null });
    scope.stop();
  });
});
