import { useMutation, useQuery } from '@vue/apollo-composable';
import { computed, ref, watch } from 'vue';
import { errorCode, humanError } from '../../app/errors';
import { graphql } from '@kinroom/schema';
import type { RoomBoardQuery, RoomCondition } from '@kinroom/schema';
import { clockSkew } from './board-time';
import { useLiveCentre } from '../../shared/room-board-live';

export const BoardCentresDocument = graphql(`
  query BoardCentres {
    myCentres {
      id
      name
    }
  }
`);

export const RoomBoardDocument = graphql(`
  query RoomBoard($centreId: ID!) {
    roomBoard(centreId: $centreId) {
      at
      centreId
      centreName
      counts {
        free
        occupied
        needsTidying
        outOfService
        warnings
      }
      rooms {
        state
        elapsedMinutes
        remainingMinutes
        room {
          id
          name
          capacity
          condition
          conditionNote
          conditionChangedAt
          version
        }
        current {
          id
          kind
          status
          startsAt
          endsAt
          parentArriveBy
          parentArrivedAt
          childArrivedAt
          startedAt
          supervisionLevel
          child {
            id
            firstName
            lastInitial
          }
          supervisor {
            id
            name
          }
          secondStaff {
            id
            name
          }
          ...BoardAbsenceNoticeFields
        }
        next {
          id
          kind
          status
          startsAt
          endsAt
          parentArriveBy
          supervisionLevel
          child {
            id
            firstName
            lastInitial
          }
          supervisor {
            id
            name
          }
          ...BoardAbsenceNoticeFields
        }
        notComing {
          id
          kind
          startsAt
          endsAt
          child {
            id
            firstName
            lastInitial
          }
          ...BoardAbsenceNoticeFields
        }
        warnings {
          kind
          message
          minutes
          sessionId
        }
      }
    }
  }
`);

const SetRoomConditionDocument = graphql(`
  mutation SetRoomCondition($roomId: ID!, $condition: RoomCondition!, $expectedVersion: Int!, $note: String) {
    setRoomCondition(roomId: $roomId, condition: $condition, expectedVersion: $expectedVersion, note: $note) {
      id
      condition
      conditionNote
      conditionChangedAt
      version
    }
  }
`);

export type BoardRoom = RoomBoardQuery['roomBoard']['rooms'][number];

/** Time-driven warnings (a family now late) appear without any event, so the board also refreshes each minute. */
const REFRESH_MS = 60_000;

/** The live board of one centre: the rooms, live refetching, and the manager's room actions. */
export function useRoomBoard() {
  const centres = useQuery(BoardCentresDocument);
  const chosen = ref<string | null>(null);
  const centreList = computed(() => centres.result.value?.myCentres ?? []);
  watch(centreList, (list) => {
    if (!chosen.value || !list.some((c) => c.id === chosen.value)) chosen.value = list[0]?.id ?? null;
  });

  const board = useQuery(
    RoomBoardDocument,
    () => ({ centreId: chosen.value ?? '' }),
    () => ({ enabled: chosen.value !== null, pollInterval: REFRESH_MS }),
  );
  const data = computed(() => board.result.value?.roomBoard ?? null);

  // The server's clock rules: the board says what moment it describes, and the browser counts on from there.
  const skew = ref(0);
  watch(
    () => data.value?.at,
    (at) => {
      if (at) skew.value = clockSkew(at, Date.now());
    },
  );

  const refetch = () => board.refetch();
  const live = useLiveCentre(chosen, refetch);

  const setCondition = useMutation(SetRoomConditionDocument);
  /** Sets a room's condition; returns an error message for the person, or null when it worked. */
  async function changeCondition(
    room: BoardRoom['room'],
    condition: RoomCondition,
    note: string | null = null,
  ): Promise<string | null> {
    try {
      await setCondition.mutate({ roomId: room.id, condition, expectedVersion: room.version, note });
      await refetch();
      return null;
    } catch (err) {
      // Someone else changed the room: show the room as it now is, and say so.
      if (errorCode(err) === 'STALE_VERSION') await refetch();
      return humanError(err);
    }
  }

  return {
    centres,
    centreList,
    chosen,
    board,
    data,
    skew,
    live,
    refetch,
    changeCondition,
    changing: setCondition.loading,
  };
}
