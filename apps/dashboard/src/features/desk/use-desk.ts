import { useQuery } from '@vue/apollo-composable';
import { computed } from 'vue';
import { FlagChangedDocument } from '@kinroom/schema';
import { useLiveCentre } from '../../shared/room-board-live';
import { useLiveQuery } from '../../shared/use-live-query';
import { flagsToAcknowledge } from './desk-lists';
import { DeskCentreDoc, DeskDoc, deskSession } from './desk-operations';

/**
 * Observation records change without a live event a manager follows (submitted, approved, amended): the desk reads
 * them again this often, and at once whenever a session or flag of the centre changes.
 */
export const DESK_POLL_MS = 60_000;

/**
 * The manager's desk (docs/desk.md): what is overdue, waiting for review, unacknowledged, untold or amended at their
 * centre, read in one request and read again after every change to the centre's sessions or flags.
 */
export function useDesk() {
  const centres = useQuery(DeskCentreDoc);
  const centre = computed(() => centres.result.value?.myCentres[0] ?? null);
  const centreId = computed(() => centre.value?.id ?? null);
  const desk = useQuery(
    DeskDoc,
    () => ({ centreId: centreId.value ?? '' }),
    () => ({ enabled: !!centreId.value, pollInterval: DESK_POLL_MS }),
  );
  const refetch = () => desk.refetch();
  const sessions = useLiveCentre(centreId, refetch);
  const flags = useLiveQuery(FlagChangedDocument, () => (centreId.value ? {} : null), {
    refresh: sessions.refresh,
  });

  const data = computed(() => desk.result.value ?? null);
  const lists = computed(() => {
    const d = data.value;
    return {
      overdue: d?.overdueObservations ?? [],
      unrecorded: (d?.unrecordedSessions ?? []).map(deskSession),
      toReview: d?.observationsToReview ?? [],
      flags: flagsToAcknowledge(d?.centreFlags ?? []),
      untold: (d?.cancellationsNotTold ?? []).map((s) => ({
        ...deskSession(s),
        cancellation: s.cancellation,
      })),
      amendments: (d?.centreAmendments ?? []).map((a) => ({ ...a, session: deskSession(a.session) })),
    };
  });
  const error = computed(() => centres.error.value ?? desk.error.value ?? null);
  const loading = computed(() => !data.value && (centres.loading.value || desk.loading.value));
  const liveFailure = computed(() => sessions.failure.value ?? flags.failure.value);

  return { centre, lists, error, loading, liveFailure, refetch: sessions.refresh };
}
