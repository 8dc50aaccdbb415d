import { useMutation, useQuery } from '@vue/apollo-composable';
import { computed, reactive } from 'vue';
import { errorCode, humanError } from '../../app/errors';
import { graphql } from '@kinroom/schema';
import type { MySessionsQuery as MySessionsResult } from '@kinroom/schema';
import { useLiveQuery } from '../../shared/use-live-query';
import { londonTime } from '../../shared/london-time';
import type { StepOption } from './session-steps';

export const MySessionsQuery = graphql(`
  query MySessions {
    mySessions {
      id
      version
      status
      kind
      startsAt
      endsAt
      childId
      child {
        id
        firstName
        lastInitial
      }
      room {
        id
        name
      }
      arrivalPlan {
        parentArriveBy
        childArrivesAt
        childLeavesAt
        parentLeavesFrom
      }
      parentArrivedAt
      childArrivedAt
      startedAt
      endedAt
      attendance {
        outcome
        minutesLate
        note
        recordedAt
      }
      cancellation {
        reason
        note
      }
      continuityNote
      supervisorId
      ...AbsenceRecordFields
      ...CancellationLineFields
    }
    myObservationDrafts {
      id
      sessionId
      status
      returnReason
      dueAt
      overdue
      child {
        id
        firstName
        lastInitial
      }
    }
  }
`);

const MySessionChanged = graphql(`
  subscription MySessionChanged($after: String) {
    sessionChanged(after: $after) {
      cursor
      kind
      subjectId
      status
    }
  }
`);

const RecordStep = graphql(`
  mutation RecordSessionStep($input: RecordSessionStepInput!) {
    recordSessionStep(input: $input) {
      id
      version
      status
      parentArrivedAt
      childArrivedAt
      startedAt
      endedAt
      attendance {
        outcome
        minutesLate
        note
        recordedAt
      }
    }
  }
`);

interface StepState {
  busy: boolean;
  error: string | null;
  done: string | null;
}

export type MySession = MySessionsResult['mySessions'][number];
export type MyDraft = MySessionsResult['myObservationDrafts'][number];

/**
 * Today's sessions of the signed-in supervisor, kept live: every change to one of their sessions (from this
 * screen, another device or the centre manager) refetches the list, and so does a reconnect, which may have missed
 * changes while the socket was down.
 */
export function useMySessions() {
  const { result, loading, error, refetch } = useQuery(MySessionsQuery);
  const sessions = computed(() => result.value?.mySessions ?? []);
  const drafts = computed(() => {
    const bySession = new Map<string, MyDraft>();
    for (const d of result.value?.myObservationDrafts ?? []) bySession.set(d.sessionId, d);
    return bySession;
  });

  const live = useLiveQuery(MySessionChanged, () => ({}), { refetch: () => refetch() });
  const reload = live.refresh;

  /** Per session: a step being recorded, the last refusal, the last thing done. */
  const status = reactive<Record<string, StepState>>({});
  const { mutate } = useMutation(RecordStep);

  async function recordStep(s: MySession, option: StepOption): Promise<void> {
    status[s.id] = { busy: true, error: null, done: null };
    // Through the reactive map, so that the card sees each change.
    const st = status[s.id]!;
    try {
      await mutate({ input: { sessionId: s.id, expectedVersion: s.version, step: option.step } });
      st.done = `${option.label}: recorded at ${londonTime(new Date())}.`;
    } catch (err) {
      // A stale version means someone else moved the session on: show them what it is now, and say so.
      if (errorCode(err) === 'STALE_VERSION') await refetch()?.catch(() => {});
      st.error = humanError(err);
    } finally {
      st.busy = false;
    }
  }

  const allDrafts = computed(() => result.value?.myObservationDrafts ?? []);

  return { sessions, drafts, allDrafts, loading, error, reload, recordStep, status };
}
