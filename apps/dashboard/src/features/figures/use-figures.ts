import { useQuery } from '@vue/apollo-composable';
import { computed, ref, watch } from 'vue';
import { graphql, useFragment as unmask } from '@kinroom/schema';
import type { CentreFigures } from './figures-model';
import { useLiveQuery } from '../../shared/use-live-query';

const FiguresCentresDocument = graphql(`
  query FiguresCentres {
    myCentres {
      id
      name
    }
  }
`);

const CentreFiguresDocument = graphql(`
  query CentreFigures($centreId: ID!, $weeks: Int) {
    centreFigures(centreId: $centreId, weeks: $weeks) {
      centreId
      centreName
      at
      weeks {
        ...FiguresPeriodFields
      }
      total {
        ...FiguresPeriodFields
      }
    }
  }
`);

const FiguresPeriodFields = graphql(`
  fragment FiguresPeriodFields on FiguresPeriod {
    from
    to
    attendanceRate
    sessionsAttended
    sessionsRecorded
    unexplainedAbsences
    medianDaysToFirstSession
    agreementsStarted
    reportsOnTimeRate
    reportsOnTime
    reportsDue
    medianMinutesToAcknowledge
    flagsAcknowledged
    flagsUnacknowledged
    allRooms {
      roomId
      roomName
      bookedHours
      openHours
      rate
    }
    rooms {
      roomId
      roomName
      bookedHours
      openHours
      rate
    }
  }
`);

const CentreFiguresChangedDocument = graphql(`
  subscription CentreFiguresChanged($centreId: ID!, $after: String) {
    centreFiguresChanged(centreId: $centreId, after: $after) {
      cursor
      topic
      occurredAt
    }
  }
`);

/**
 * The centres the manager may pick from, the chosen centre's figures, and a live feed that reads them again when a
 * session, an attendance, an observation record or a flag changes there: once per burst (a session's end writes
 * several changes at once), and at most every couple of seconds while changes keep coming.
 */
export function useFigures() {
  const centres = useQuery(FiguresCentresDocument);
  const centreList = computed(() => centres.result.value?.myCentres ?? []);
  const centreId = ref<string | null>(null);
  watch(
    centreList,
    (list) => {
      if (!list.some((c) => c.id === centreId.value)) centreId.value = list[0]?.id ?? null;
    },
    { immediate: true },
  );

  const query = useQuery(
    CentreFiguresDocument,
    () => ({ centreId: centreId.value ?? '' }),
    () => ({ enabled: centreId.value !== null, fetchPolicy: 'cache-and-network' }),
  );
  const figures = computed((): CentreFigures | null => {
    const f = query.result.value?.centreFigures;
    if (!f) return null;
    return {
      centreId: f.centreId,
      centreName: f.centreName,
      at: f.at as string,
      weeks: f.weeks.map((w) => unmask(FiguresPeriodFields, w)),
      total: unmask(FiguresPeriodFields, f.total),
    };
  });

  const live = useLiveQuery(
    CentreFiguresChangedDocument,
    () => (centreId.value ? { centreId: centreId.value } : null),
    { refetch: () => query.refetch(), debounceMs: 400, maxWaitMs: 2000 },
  );

  return {
    centres: centreList,
    centresLoading: centres.loading,
    centresError: centres.error,
    centreId,
    figures,
    loading: query.loading,
    error: query.error,
    live,
  };
}
