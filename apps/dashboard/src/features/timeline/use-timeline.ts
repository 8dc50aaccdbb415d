import { useQuery } from '@vue/apollo-composable';
import { computed, ref, watch, type Ref } from 'vue';
import { graphql } from '@kinroom/schema';
import type { CentreScheduleQuery, SessionStatus } from '@kinroom/schema';
import { useLiveCentre } from '../../shared/room-board-live';

const TimelineCentresDocument = graphql(`
  query TimelineCentres {
    myCentres {
      id
      name
      turnoverMinutes
      openingHours {
        weekday
        open
        close
      }
      rooms {
        id
        name
        condition
      }
    }
  }
`);

const CentreScheduleDocument = graphql(`
  query CentreSchedule(
    $centreId: ID!
    $date: String
    $roomId: ID
    $supervisorId: ID
    $statuses: [SessionStatus!]
    $days: Int
  ) {
    centreSchedule(
      centreId: $centreId
      date: $date
      roomId: $roomId
      supervisorId: $supervisorId
      statuses: $statuses
      days: $days
    ) {
      id
      agreementId
      seriesId
      seriesPosition {
        index
        total
      }
      kind
      status
      startsAt
      endsAt
      roomId
      supervisorId
      secondStaffId
      continuityNote
      parentArrivedAt
      childArrivedAt
      startedAt
      endedAt
      version
      child {
        id
        firstName
        lastInitial
      }
      room {
        id
        name
      }
      supervisor {
        id
        name
      }
      arrivalPlan {
        parentArriveBy
        parentLeavesFrom
      }
      cancellation {
        reason
        note
        cancelledAt
        familyInformedAt
      }
      attendance {
        outcome
      }
      ...AbsenceRecordFields
      ...CancellationLineFields
    }
  }
`);

const CentreSupervisorsDocument = graphql(`
  query CentreSupervisors($centreId: ID!) {
    centreStaff(centreId: $centreId, role: SUPERVISOR) {
      id
      name
    }
  }
`);

export type TimelineSession = CentreScheduleQuery['centreSchedule'][number];

export interface TimelineFilters {
  roomId: string;
  supervisorId: string;
  status: SessionStatus | '';
}

/**
 * The centre, its supervisors and the sessions of `days` days from `date` (one for the day view, seven from a
 * Monday for the week), filtered on the server and kept live.
 */
export function useTimeline(date: Ref<string>, filters: Ref<TimelineFilters>, days: Ref<number>) {
  const centres = useQuery(TimelineCentresDocument);
  const centre = computed(() => centres.result.value?.myCentres[0] ?? null);
  const centreId = ref<string | null>(null);
  watch(centre, (c) => (centreId.value = c?.id ?? null), { immediate: true });

  const staff = useQuery(
    CentreSupervisorsDocument,
    () => ({ centreId: centreId.value ?? '' }),
    () => ({ enabled: centreId.value !== null }),
  );
  const supervisors = computed(() => staff.result.value?.centreStaff ?? []);

  const schedule = useQuery(
    CentreScheduleDocument,
    () => ({
      centreId: centreId.value ?? '',
      date: date.value,
      roomId: filters.value.roomId || null,
      supervisorId: filters.value.supervisorId || null,
      statuses: filters.value.status ? [filters.value.status] : null,
      days: days.value,
    }),
    () => ({ enabled: centreId.value !== null }),
  );
  const sessions = computed(() => schedule.result.value?.centreSchedule ?? []);

  const refetch = () => schedule.refetch();
  const live = useLiveCentre(centreId, refetch);

  return { centres, centre, centreId, staff, supervisors, schedule, sessions, refetch, live };
}
