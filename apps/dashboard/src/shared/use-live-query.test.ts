import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TypedDocumentNode } from '@apollo/client/core';
import { parse } from 'graphql';
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
const { useLiveQuery, useRefresh } = await import('./use-live-query');
const { useLiveCentre } = await import('./room-board-live');

/** A live view's subscription, as the dashboard writes them: arguments, and `after` to resume from. */
const SessionChanged = parse(`
  subscription SessionChanged($childId: ID, $after: String) {
    sessionChanged(childId: $childId, after: $after) {
      cursor
      kind
    }
  }
`) as TypedDocumentNode<
  { sessionChanged: { cursor: string; kind: string } },
  { childId?: string | null; after?: string | null }
>;

const boardEvent = (cursor: string) => ({
  data: { roomBoardChanged: { cursor, topic: 'session', kind: 'booked' } },
});
const sessionEvent = (cursor: string, kind = 'started') => ({ data: { sessionChanged: { cursor, kind } } });

describe('useLiveQuery', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    fake.state.sent = [];
    fake.state.connected = [];
    fake.state.disposed = 0;
    fake.state.sink = null;
    connection.lastUpdate = null;
  });
  afterEach(() => vi.useRealTimers());

  it('refetches once per burst of events, and marks the time of the update', () => {
    const refetch = vi.fn();
    const scope = effectScope();
    scope.run(() => useLiveCentre(ref('centre-1'), refetch));
    expect(fake.state.sent[0]!.variables).toEqual({ centreId: 'centre-1', after: null });

    fake.state.sink!.next(boardEvent('10'));
    fake.state.sink!.next(boardEvent('11'));
    expect(connection.lastUpdate).not.toBeNull();
    vi.advanceTimersByTime(249);
    expect(refetch).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(refetch).toHaveBeenCalledTimes(1);
    scope.stop();
    expect(fake.state.disposed).toBe(1);
  });

  it('does not let a steady stream of events hold the refetch back beyond the longest wait', () => {
    const refetch = vi.fn();
    const scope = effectScope();
    scope.run(() => useLiveQuery(SessionChanged, () => ({}), { refetch, debounceMs: 200, maxWaitMs: 500 }));
    for (let i = 0; i < 6; i++) {
      fake.state.sink!.next(sessionEvent(String(20 + i)));
      vi.advanceTimersByTime(100);
    }
    expect(refetch).toHaveBeenCalledTimes(1);
    scope.stop();
  });

  it('resubscribes after a reconnect from the last cursor it saw, and refetches to catch up', async () => {
    const refetch = vi.fn();
    const scope = effectScope();
    const live = scope.run(() => useLiveQuery(SessionChanged, () => ({ childId: 'c1' }), { refetch }))!;
    fake.state.sink!.next(sessionEvent('41'));
    expect(live.lastCursor.value).toBe('41');
    await vi.advanceTimersByTimeAsync(0);
    expect(refetch).toHaveBeenCalledTimes(1);

    fake.reconnect();
    expect(fake.state.sent.at(-1)!.variables).toEqual({ childId: 'c1', after: '41' });
    await vi.advanceTimersByTimeAsync(0);
    expect(refetch).toHaveBeenCalledTimes(2);
    scope.stop();
  });

  it('reads the view again and follows from now when the server no longer knows its cursor (a restored backup)', async () => {
    const refetch = vi.fn();
    const scope = effectScope();
    const live = scope.run(() => useLiveQuery(SessionChanged, () => ({ childId: 'c1' }), { refetch }))!;
    fake.state.sink!.next(sessionEvent('1000'));
    await vi.advanceTimersByTimeAsync(0);
    expect(refetch).toHaveBeenCalledTimes(1);

    fake.state.sink!.error([
      { message: 'This cursor is not one of this server’s changes.', extensions: { code: 'CURSOR_STALE' } },
    ]);
    expect(fake.state.sent).toHaveLength(2);
    expect(fake.state.sent[1]!.variables).toEqual({ childId: 'c1', after: null });
    expect(live.lastCursor.value).toBeNull();
    expect(live.failure.value).toBeNull();
    await vi.advanceTimersByTimeAsync(0);
    expect(refetch).toHaveBeenCalledTimes(2);
    fake.state.sink!.next(sessionEvent('7'));
    expect(live.lastCursor.value).toBe('7');
    scope.stop();
  });

  it('starts afresh, without the old cursor, when the arguments change', async () => {
    const centre = ref('centre-1');
    const scope = effectScope();
    scope.run(() => useLiveCentre(centre, vi.fn()));
    fake.state.sink!.next(boardEvent('7'));
    centre.value = 'centre-2';
    await nextTick();
    expect(fake.state.disposed).toBe(1);
    expect(fake.state.sent.at(-1)!.variables).toEqual({ centreId: 'centre-2', after: null });
    scope.stop();
  });

  it('follows nothing until it has arguments', async () => {
    const child = ref<string | null>(null);
    const scope = effectScope();
    scope.run(() =>
      useLiveQuery(SessionChanged, () => (child.value ? { childId: child.value } : null), {
        refetch: vi.fn(),
      }),
    );
    expect(fake.state.sent).toHaveLength(0);
    child.value = 'c9';
    await nextTick();
    expect(fake.state.sent[0]!.variables).toEqual({ childId: 'c9', after: null });
    scope.stop();
  });

  it('never runs two refetches at once: events during one ask for one more after it', async () => {
    const finish: (() => void)[] = [];
    const refetch = vi.fn(() => new Promise<void>((r) => finish.push(r)));
    const scope = effectScope();
    scope.run(() => useLiveQuery(SessionChanged, () => ({}), { refetch }));
    fake.state.sink!.next(sessionEvent('1'));
    fake.state.sink!.next(sessionEvent('2'));
    fake.state.sink!.next(sessionEvent('3'));
    expect(refetch).toHaveBeenCalledTimes(1);
    finish[0]!();
    await vi.advanceTimersByTimeAsync(0);
    expect(refetch).toHaveBeenCalledTimes(2);
    finish[1]!();
    await vi.advanceTimersByTimeAsync(0);
    expect(refetch).toHaveBeenCalledTimes(2);
    scope.stop();
  });

  it('hands each event to the view, and says in words why live updates stopped', () => {
    const seen: string[] = [];
    const scope = effectScope();
    const live = scope.run(() =>
      useLiveQuery(SessionChanged, () => ({}), {
        refetch: vi.fn(),
        onEvent: (data) => seen.push(data.sessionChanged.kind),
      }),
    )!;
    fake.state.sink!.next(sessionEvent('5', 'ended'));
    expect(seen).toEqual(['ended']);
    fake.state.sink!.error([
      { message: 'Your role does not allow this.', extensions: { code: 'FORBIDDEN' } },
    ]);
    expect(live.failure.value).toMatch(/Ask your centre manager/);
    scope.stop();
  });

  it('lets two subscriptions of one view share a refresh, so a change that reaches both costs one request', () => {
    const refetch = vi.fn();
    const scope = effectScope();
    const sinks = scope.run(() => {
      const refresh = useRefresh(refetch, { debounceMs: 250 });
      useLiveQuery(SessionChanged, () => ({ childId: 'a' }), { refresh });
      const first = fake.state.sink!;
      useLiveQuery(SessionChanged, () => ({ childId: 'b' }), { refresh });
      return [first, fake.state.sink!];
    })!;
    sinks[0]!.next(sessionEvent('60'));
    sinks[1]!.next(sessionEvent('61'));
    vi.advanceTimersByTime(250);
    expect(refetch).toHaveBeenCalledTimes(1);
    scope.stop();
  });

  it('leaves the view alone for an event that does not concern it', () => {
    const refetch = vi.fn();
    const scope = effectScope();
    const live = scope.run(() =>
      useLiveQuery(SessionChanged, () => ({}), {
        refetch,
        concerns: (data) => data.sessionChanged.kind !== 'elsewhere',
      }),
    )!;
    fake.state.sink!.next(sessionEvent('70', 'elsewhere'));
    expect(refetch).not.toHaveBeenCalled();
    expect(connection.lastUpdate).toBeNull();
    // It still resumes after it: the cursor is the stream's, whatever the view makes of the event.
    expect(live.lastCursor.value).toBe('70');
    scope.stop();
  });
});
