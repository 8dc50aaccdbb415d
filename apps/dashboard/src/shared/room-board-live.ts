import type { Ref } from 'vue';
import { graphql } from '@kinroom/schema';
import { useLiveQuery } from './use-live-query';

const RoomBoardChangedDocument = graphql(`
  subscription RoomBoardChanged($centreId: ID!, $after: String) {
    roomBoardChanged(centreId: $centreId, after: $after) {
      cursor
      topic
      kind
      roomId
      subjectId
      status
      occurredAt
    }
  }
`);

/**
 * Follows a centre's room board (bookings, arrivals, rooms tidied or out of service), as the board and the timeline
 * both show it, and refetches once per burst of changes: a booking writes several events at once.
 */
export function useLiveCentre(centreId: Ref<string | null>, refetch: () => unknown) {
  return useLiveQuery(
    RoomBoardChangedDocument,
    () => (centreId.value ? { centreId: centreId.value } : null),
    {
      refetch,
      debounceMs: 250,
      maxWaitMs: 1000,
    },
  );
}
