import { useQuery } from '@vue/apollo-composable';
import { computed } from 'vue';
import { FlagChangedDocument } from '@kinroom/schema';
import { useLiveCentre } from '../../shared/room-board-live';
import { overdueReport } from '../../shared/overdue-list';
import { useLiveQuery } from '../../shared/use-live-query';
import { messageOf } from '../../shared/message-list';
import { flagsToAcknowledge } from './desk-lists';
import { DeskCentreDoc, DeskDoc, DeskObservationChangedDoc, deskSession } from './desk-operations';

/**
 * The manager's desk (docs/desk.md): what is overdue, waiting for review, unacknowledged, untold or amended at their
 * centre, read in one request and read again after every change to the centre's sessions, flags or observation
 * records, once per burst (the three subscriptions share one refresh).
 */
export function useDesk() {
  const centres = useQuery(DeskCentreDoc);
  const centre = computed(() => centres.result.value?.myCentres[0] ?? null);
  const centreId = computed(() => centre.value?.id ?? null);
  const desk = useQuery(
    DeskDoc,
    () => ({ centreId: centreId.value ?? '' }),
    () => ({ enabled: !!centreId.value }),
  );
  const refetch = () => desk.refetch();
  const sessions = useLiveCentre(centreId, refetch);
  const following = () => (centreId.value ? {} : null);
  const flags = useLiveQuery(FlagChangedDocument, following, { refresh: sessions.refresh });
  const records = useLiveQuery(DeskObservationChangedDoc, following, { refresh: sessions.refresh });

  const data = computed(() => desk.result.value ?? null);
  const lists = computed(() => {
    const d = data.value;
    return {
      overdue: (d?.overdueObservations ?? []).map(overdueReport),
      unrecorded: (d?.unrecordedSessions ?? []).map(deskSession),
      toReview: d?.observationsToReview ?? [],
      flags: flagsToAcknowledge(d?.centreFlags ?? []),
      untold: (d?.cancellationsNotTold ?? []).map((s) => ({
        ...deskSession(s),
        cancellation: s.cancellation,
      })),
      amendments: (d?.centreAmendments ?? []).map((a) => ({ ...a, session: deskSession(a.session) })),
      notSetUp: d?.centreMessagesNotSetUp ?? 0,
      failures: (d?.centreMessageFailures ?? []).map((m) => ({
        message: messageOf(m),
        child: m.child,
        session: m.session ? deskSession(m.session) : null,
      })),
    };
  });
  const error = computed(() => centres.error.value ?? desk.error.value ?? null);
  const loading = computed(() => !data.value && (centres.loading.value || desk.loading.value));
  const liveFailure = computed(() => sessions.failure.value ?? flags.failure.value ?? records.failure.value);

  return { centre, lists, error, loading, liveFailure, refetch: sessions.refresh };
}
