import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, type EffectScope } from 'vue';
import { useObservation } from './use-observation';

const api = vi.hoisted(() => ({
  calls: {} as Record<string, ((vars: Record<string, unknown>) => Promise<unknown>) | undefined>,
  query: vi.fn(),
}));

vi.mock('@vue/apollo-composable', () => ({
  useApolloClient: () => ({ resolveClient: () => ({ query: api.query }) }),
  useMutation: (doc: { definitions: { name?: { value: string } }[] }) => {
    const name = doc.definitions.find((d) => d.name)?.name?.value ?? '';
    return { mutate: (vars: Record<string, unknown>) => api.calls[name]!(vars) };
  },
}));

const KEYS = [
  'ARRIVAL_AND_GREETINGS',
  'ACTIVITIES',
  'INTERACTIONS',
  'BEHAVIOURS',
  'ATTITUDES',
  'CHILD_RESPONSE',
  'INTERVENTIONS_AND_GUIDANCE',
  'SUGGESTIONS',
] as const;

function record(version: number, facts: Partial<Record<string, string>> = {}, status = 'DRAFT') {
  return {
    __typename: 'Observation',
    id: 'o1',
    version,
    status,
    sessionId: 's1',
    returnReason: null,
    dueAt: '2026-11-27T23:59:59Z',
    overdue: false,
    updatedAt: '2026-11-20T16:42:00Z',
    submittedAt: null,
    child: { id: 'c1', firstName: 'Leo', lastInitial: 'H' },
    sections: KEYS.map((key) => ({ key, label: key, facts: facts[key] ?? '', opinion: '' })),
    submitProblems: [],
  };
}

let scope: EffectScope | null = null;
function setup() {
  scope = effectScope();
  return scope.run(() => useObservation('s1'))!;
}

beforeEach(() => {
  vi.useFakeTimers();
  sessionStorage.clear();
  api.query.mockReset();
  api.calls = { StartObservation: async () => ({ data: { startObservation: record(1) } }) };
});
afterEach(() => {
  scope?.stop();
  vi.useRealTimers();
});

describe('an observation record as its author writes it', () => {
  it('saves what is typed with the version last returned, and keeps the text on screen', async () => {
    const sent: Record<string, unknown>[] = [];
    api.calls.SaveObservationDraft = async (vars) => {
      sent.push(vars);
      return { data: { saveObservationDraft: record(Number(vars.expectedVersion) + 1) } };
    };
    const o = setup();
    await o.load();
    o.edit('ACTIVITIES', 'facts', 'Lego');
    await vi.advanceTimersByTimeAsync(1000);
    o.edit('ACTIVITIES', 'opinion', 'Relaxed');
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual([
      { id: 'o1', expectedVersion: 1, sections: [{ key: 'ACTIVITIES', facts: 'Lego', opinion: '' }] },
      { id: 'o1', expectedVersion: 2, sections: [{ key: 'ACTIVITIES', facts: 'Lego', opinion: 'Relaxed' }] },
    ]);
    // The server's copy of the section is empty here, yet the text on screen is what was typed.
    expect(o.text.ACTIVITIES).toEqual({ facts: 'Lego', opinion: 'Relaxed' });
    expect(o.autosave.state.status).toBe('saved');
  });

  it('after a save from another screen, takes its version and untouched sections, and saves what was typed here', async () => {
    let first = true;
    const sent: Record<string, unknown>[] = [];
    api.calls.SaveObservationDraft = async (vars) => {
      sent.push(vars);
      if (first) {
        first = false;
        throw { graphQLErrors: [{ message: 'changed', extensions: { code: 'STALE_VERSION' } }] };
      }
      return { data: { saveObservationDraft: record(6) } };
    };
    api.query.mockResolvedValue({ data: { observation: record(5, { BEHAVIOURS: 'Typed on the tablet' }) } });
    const o = setup();
    await o.load();
    o.edit('ACTIVITIES', 'facts', 'Lego');
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.map((v) => v.expectedVersion)).toEqual([1, 5]);
    expect(o.text.BEHAVIOURS?.facts).toBe('Typed on the tablet');
    expect(o.text.ACTIVITIES?.facts).toBe('Lego');
    expect(o.note.value).toMatch(/another screen/);
    expect(o.autosave.state.status).toBe('saved');
  });

  it('keeps unsaved text in the tab across a reload, and saves it when the record opens again', async () => {
    api.calls.SaveObservationDraft = async () => {
      throw { networkError: new Error('offline') };
    };
    const first = setup();
    await first.load();
    first.edit('ATTITUDES', 'facts', 'Warm towards the carers');
    await vi.advanceTimersByTimeAsync(1000);
    expect(first.autosave.state.status).toBe('error');
    scope!.stop();

    const sent: Record<string, unknown>[] = [];
    api.calls.SaveObservationDraft = async (vars) => {
      sent.push(vars);
      return { data: { saveObservationDraft: record(2, { ATTITUDES: 'Warm towards the carers' }) } };
    };
    const again = setup();
    await again.load();
    expect(again.text.ATTITUDES?.facts).toBe('Warm towards the carers');
    expect(again.note.value).toMatch(/restored/);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(1);
    expect(sessionStorage.length).toBe(0);
  });

  it('lists the sections the API says are missing when submitting too soon', async () => {
    api.calls.SubmitObservation = async () => {
      throw {
        graphQLErrors: [
          {
            message: 'The record cannot be submitted yet: Behaviours: record what was seen and heard.',
            extensions: {
              code: 'OBSERVATION_INCOMPLETE',
              problems: [{ section: 'BEHAVIOURS', message: 'Behaviours: record what was seen and heard' }],
            },
          },
        ],
      };
    };
    const o = setup();
    await o.load();
    expect(await o.submit()).toBe(false);
    expect(o.problems.value).toEqual([
      { key: 'BEHAVIOURS', message: 'Behaviours: record what was seen and heard' },
    ]);
    expect(o.submitError.value).toMatch(/cannot be submitted yet/);
    // Writing in the section clears its problem.
    o.edit('BEHAVIOURS', 'facts', 'Calm');
    expect(o.problems.value).toEqual([]);
  });
});
