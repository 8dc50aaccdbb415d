import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { effectScope, ref, type EffectScope } from 'vue';
import { connection } from '../../app/connection';
import type { StepOption } from './session-steps';
import { useMySessions, type MySession } from './use-my-sessions';

const api = vi.hoisted(() => ({
  refetch: vi.fn(),
  mutate: vi.fn(),
  onEvent: null as null | ((r: unknown) => void),
  onConnected: null as null | ((socket: unknown, ack: unknown, wasRetry: boolean) => void),
  sent: [] as { variables: Record<string, unknown> }[],
}));

/** graphql-ws's client as the live views see it: what they subscribe with, and the news of a reconnect. */
vi.mock('../../app/apollo', () => ({
  liveClient: () => ({
    subscribe: (payload: { variables: Record<string, unknown> }, sink: { next: (r: unknown) => void }) => {
      api.sent.push(payload);
      api.onEvent = sink.next;
      return () => {};
    },
    on: (_event: string, listener: (socket: unknown, ack: unknown, wasRetry: boolean) => void) => {
      api.onConnected = listener;
      return () => {};
    },
  }),
}));

vi.mock('@vue/apollo-composable', () => ({
  useQuery: () => ({
    result: ref({ mySessions: [], myObservationDrafts: [] }),
    loading: ref(false),
    error: ref(null),
    refetch: api.refetch,
  }),
  useMutation: () => ({ mutate: api.mutate }),
}));

const leo = { id: 's1', version: 4 } as MySession;
const start: StepOption = { step: 'START', label: 'Start contact', primary: true, confirm: null };

let scope: EffectScope | null = null;
function setup() {
  scope = effectScope();
  return scope.run(() => useMySessions())!;
}
afterEach(() => scope?.stop());

beforeEach(() => {
  api.refetch.mockReset().mockResolvedValue({});
  api.mutate.mockReset();
  connection.state = 'live';
  connection.lastUpdate = null;
});

describe('my sessions, kept current', () => {
  it('records a step with the version last read', async () => {
    api.mutate.mockResolvedValue({ data: {} });
    const m = setup();
    await m.recordStep(leo, start);
    expect(api.mutate).toHaveBeenCalledWith({
      input: { sessionId: 's1', expectedVersion: 4, step: 'START' },
    });
    expect(m.status.s1).toMatchObject({ busy: false, error: null });
    expect(m.status.s1!.done).toMatch(/^Start contact: recorded at \d\d:\d\d\.$/);
  });

  it('reloads when someone else changed the session first, and says so', async () => {
    api.mutate.mockRejectedValue({
      graphQLErrors: [{ message: 'changed', extensions: { code: 'STALE_VERSION' } }],
    });
    const m = setup();
    await m.recordStep(leo, start);
    expect(api.refetch).toHaveBeenCalledTimes(1);
    expect(m.status.s1!.error).toMatch(/Someone else changed this a moment ago\. It has been reloaded/);
  });

  it('shows a rule refusal in the API’s own words, without reloading', async () => {
    api.mutate.mockRejectedValue({
      graphQLErrors: [
        {
          message: 'A session cannot start until the child has arrived',
          extensions: { code: 'SESSION_ILLEGAL_TRANSITION' },
        },
      ],
    });
    const m = setup();
    await m.recordStep(leo, start);
    expect(api.refetch).not.toHaveBeenCalled();
    expect(m.status.s1!.error).toBe('A session cannot start until the child has arrived');
  });

  it('refetches and marks the update time when a live change arrives, and after a reconnect', async () => {
    setup();
    api.onEvent!({ data: { sessionChanged: { cursor: '12', kind: 'start' } } });
    expect(api.refetch).toHaveBeenCalledTimes(1);
    expect(connection.lastUpdate).toBeInstanceOf(Date);
    await flushPromises();
    api.onConnected!(null, null, true);
    expect(api.refetch).toHaveBeenCalledTimes(2);
    // Resubscribing after the reconnect asks the server for what was missed since the last change seen.
    expect(api.sent.at(-1)!.variables).toEqual({ after: '12' });
  });
});
