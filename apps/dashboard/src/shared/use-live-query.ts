import type { TypedDocumentNode } from '@apollo/client/core';
import { print } from 'graphql';
import { onScopeDispose, ref, watch } from 'vue';
import { liveClient } from '../app/apollo';
import { markUpdate } from '../app/connection';
import { humanError } from '../app/errors';
import { liveRefetch } from './live-refetch';

/** Every live event carries the cursor to resume after (docs/websocket.md, "Replays"). */
type LiveEventData = Record<string, { cursor: string } | null | undefined>;

export interface RefreshOptions {
  /** Wait this long after an event for others before refetching, so a burst costs one request; 0 refetches at once. */
  debounceMs?: number;
  /** Refetch at the latest this long after the first event of a burst that never goes quiet. */
  maxWaitMs?: number;
}

/**
 * Asks for `refetch` after live events: at once, or once a burst goes quiet, and never two at once (live-refetch.ts).
 * A view that follows two subscriptions shares one, so a change that writes to both costs one request.
 */
export function useRefresh(refetch: () => unknown, options: RefreshOptions = {}): () => void {
  const debounceMs = options.debounceMs ?? 0;
  const maxWaitMs = options.maxWaitMs ?? 1000;
  const run = liveRefetch(async () => {
    await refetch();
  });
  let quiet: ReturnType<typeof setTimeout> | undefined;
  let burst: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(quiet);
    clearTimeout(burst);
    quiet = burst = undefined;
    void run();
  };
  onScopeDispose(() => {
    clearTimeout(quiet);
    clearTimeout(burst);
  });
  return () => {
    if (debounceMs <= 0) return flush();
    clearTimeout(quiet);
    quiet = setTimeout(flush, debounceMs);
    burst ??= setTimeout(flush, maxWaitMs);
  };
}

interface OwnRefetch extends RefreshOptions {
  /** Reads the view's data again, after events and after a reconnect. */
  refetch: () => unknown;
}

interface SharedRefresh {
  /** A refresh shared with the view's other subscription (useRefresh). */
  refresh: () => void;
}

/** How the view reads its data again (its own refetch, or a shared refresh), and what it makes of each event. */
export type LiveQueryOptions<TData> = (OwnRefetch | SharedRefresh) & {
  /** Whether an event concerns this view, when the subscription cannot narrow it down (e.g. to one child). */
  concerns?: (data: TData) => boolean;
  /** Each event that concerns the view, as it arrives, e.g. to announce a newly raised flag. */
  onEvent?: (data: TData) => void;
  /** Kept live by the shell on every page (the menu), not by the page: not counted for the connection badge. */
  shell?: boolean;
};

/** The server's refusal of a cursor from a database it no longer has (its own was restored from a backup). */
function cursorStale(err: unknown): boolean {
  return (
    Array.isArray(err) &&
    err.some((e) => (e as { extensions?: { code?: unknown } })?.extensions?.code === 'CURSOR_STALE')
  );
}

/**
 * Keeps a view live: follows one subscription and refetches the view's query when something changes. It remembers
 * the newest event's cursor in the subscription's own payload: graphql-ws sends that same payload again each time
 * it resubscribes after a reconnect, so the subscription resumes with `after: <cursor>` and the server replays
 * exactly what was missed. A reconnect also refetches once, covering changes made before any cursor was seen.
 *
 * `variables` gives the subscription's arguments (without `after`), or null while the view should not follow
 * anything (no centre chosen yet, a role that is not sent these events). New arguments start afresh, without the
 * old cursor, which belongs to another stream.
 */
export function useLiveQuery<TData extends LiveEventData, TVars extends { after?: string | null }>(
  document: TypedDocumentNode<TData, TVars>,
  variables: () => Omit<TVars, 'after'> | null,
  options: LiveQueryOptions<TData>,
) {
  const query = print(document);
  const refresh = 'refresh' in options ? options.refresh : useRefresh(options.refetch, options);
  const lastCursor = ref<string | null>(null);
  const events = ref(0);
  const failure = ref<string | null>(null);

  let stop: (() => void) | null = null;
  let stopListening: (() => void) | null = null;

  const start = (vars: Omit<TVars, 'after'>) => {
    const client = liveClient({ shell: options.shell });
    const payload = { query, variables: { ...vars, after: lastCursor.value } };
    failure.value = null;
    stop = client.subscribe<TData>(payload, {
      next: (result) => {
        const cursor = result.data && Object.values(result.data)[0]?.cursor;
        if (cursor) {
          lastCursor.value = cursor;
          payload.variables.after = cursor;
        }
        if (result.errors?.length) failure.value = humanError({ graphQLErrors: result.errors });
        const data = result.data as TData | null | undefined;
        if (data && options.concerns && !options.concerns(data)) return;
        events.value += 1;
        markUpdate();
        if (data) options.onEvent?.(data);
        refresh();
      },
      error: (err) => {
        if (cursorStale(err)) {
          // The server's database was restored from a backup and has no change by that cursor: what the view holds
          // may be ahead of it, so read it again and follow from now (docs/websocket.md, "Replays").
          stopListening?.();
          lastCursor.value = null;
          refresh();
          start(vars);
          return;
        }
        failure.value = humanError(
          Array.isArray(err) ? { graphQLErrors: err } : err instanceof Error ? err : { networkError: err },
        );
      },
      complete: () => {},
    });
    stopListening = client.on('connected', (_socket, _ack, wasRetry) => {
      if (wasRetry) refresh();
    });
  };

  const end = () => {
    stop?.();
    stopListening?.();
    stop = stopListening = null;
  };

  watch(
    () => {
      const vars = variables();
      return vars ? JSON.stringify(vars) : null;
    },
    (key, previous) => {
      end();
      if (key !== previous) lastCursor.value = null;
      const vars = variables();
      if (vars) start(vars);
    },
    { immediate: true },
  );

  onScopeDispose(end);

  return { lastCursor, events, failure, refresh };
}
