import { print } from 'graphql';
import { onScopeDispose, ref, watch, type Ref } from 'vue';
import { liveClient } from '../app/apollo';
import { markUpdate } from '../app/connection';
import { humanError } from '../app/errors';
import { graphql } from '@kinroom/schema';

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

const QUERY = print(RoomBoardChangedDocument);

export interface LiveCentreOptions {
  /** Wait this long after an event for others before refetching, so a burst costs one request. */
  debounceMs?: number;
  /** Refetch at the latest this long after the first event of a burst that never goes quiet. */
  maxWaitMs?: number;
}

/**
 * Follows `roomBoardChanged` for a centre and calls `refetch` (debounced) whenever something changes: a booking,
 * an arrival, a room tidied. It keeps the newest cursor in the subscription's own payload: graphql-ws sends that
 * same payload again each time it resubscribes after a reconnect, so the server replays exactly what was missed.
 * A reconnect also refetches once, covering changes made before any event (and so any cursor) was seen.
 */
export function useLiveCentre(
  centreId: Ref<string | null>,
  refetch: () => unknown,
  options: LiveCentreOptions = {},
) {
  const debounceMs = options.debounceMs ?? 250;
  const maxWaitMs = options.maxWaitMs ?? 1000;
  const lastCursor = ref<string | null>(null);
  const events = ref(0);
  const failure = ref<string | null>(null);

  let quiet: ReturnType<typeof setTimeout> | undefined;
  let burst: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(quiet);
    clearTimeout(burst);
    quiet = burst = undefined;
    void refetch();
  };
  const schedule = () => {
    clearTimeout(quiet);
    quiet = setTimeout(flush, debounceMs);
    burst ??= setTimeout(flush, maxWaitMs);
  };

  let stop: (() => void) | null = null;
  let stopListening: (() => void) | null = null;

  const start = (id: string) => {
    const client = liveClient();
    const payload = { query: QUERY, variables: { centreId: id, after: lastCursor.value } };
    failure.value = null;
    stop = client.subscribe<{ roomBoardChanged?: { cursor: string } }>(payload, {
      next: (result) => {
        const cursor = result.data?.roomBoardChanged?.cursor;
        if (cursor) {
          lastCursor.value = cursor;
          payload.variables.after = cursor;
        }
        if (result.errors?.length) failure.value = humanError({ graphQLErrors: result.errors });
        events.value += 1;
        markUpdate();
        schedule();
      },
      error: (err) => {
        failure.value = humanError(
          Array.isArray(err) ? { graphQLErrors: err } : err instanceof Error ? err : { networkError: err },
        );
      },
      complete: () => {},
    });
    stopListening = client.on('connected', (_socket, _ack, wasRetry) => {
      if (wasRetry) schedule();
    });
  };

  const end = () => {
    stop?.();
    stopListening?.();
    stop = stopListening = null;
  };

  watch(
    centreId,
    (id, previous) => {
      if (id === previous && stop) return;
      end();
      if (id !== previous) lastCursor.value = null;
      if (id) start(id);
    },
    { immediate: true },
  );

  onScopeDispose(() => {
    end();
    clearTimeout(quiet);
    clearTimeout(burst);
  });

  return { lastCursor, events, failure };
}
