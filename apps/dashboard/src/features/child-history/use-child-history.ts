import { useApolloClient, useQuery } from '@vue/apollo-composable';
import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import { currentRole } from '../../app/auth';
import { humanError } from '../../app/errors';
import {
  ChildAttendanceDoc,
  ChildHistoryPageDoc,
  ChildLooseFlagsDoc,
  ChildRecordDoc,
  HistoryFlagChangedDoc,
  HistorySessionChangedDoc,
  type HistoryEdge,
  type HistorySummary,
} from './history-operations';
import { londonTime } from '../../shared/london-time';
import { useLiveQuery, useRefresh } from '../../shared/use-live-query';

/**
 * Sessions per page of the timeline. Each entry carries a whole observation record (eight sections, amendments,
 * flags), so a page is kept short; the chart reads attendance separately over many more sessions.
 */
export const HISTORY_PAGE = 8;
/** The API's largest page: a live refresh reloads everything loaded so far in one request, up to this. */
const MAX_PAGE = 50;
/** Sessions the attendance chart covers, most recent first. */
export const CHART_SESSIONS = 50;

/**
 * A child's contact history: the record and agreements, the timeline a page at a time, attendance for the chart,
 * and (for the child's social worker) flags raised outside any session. It follows flag and session changes for
 * the child live and reloads what is shown when one arrives.
 */
export function useChildHistory(childId: Ref<string>) {
  const { resolveClient } = useApolloClient();

  const record = useQuery(ChildRecordDoc, () => ({ id: childId.value }));
  const attendance = useQuery(ChildAttendanceDoc, () => ({
    childId: childId.value,
    first: CHART_SESSIONS,
  }));
  const isSocialWorker = computed(() => currentRole.value === 'SOCIAL_WORKER');
  const looseFlagsQuery = useQuery(ChildLooseFlagsDoc, null, () => ({ enabled: isSocialWorker.value }));

  const edges = shallowRef<HistoryEdge[]>([]);
  const summary = shallowRef<HistorySummary | null>(null);
  const hasNextPage = ref(false);
  const endCursor = ref<string | null>(null);
  const loading = ref(false);
  const loadingMore = ref(false);
  const error = ref<string | null>(null);
  const moreError = ref<string | null>(null);
  /** Flags that appeared after the page was first shown, marked "new" so they are easy to spot. */
  const freshFlagIds = ref(new Set<string>());
  const announcement = ref('');
  let knownFlags: Set<string> | null = null;
  let generation = 0;

  async function fetchPage(first: number, after: string | null) {
    const r = await resolveClient().query({
      query: ChildHistoryPageDoc,
      variables: { childId: childId.value, first, after },
      fetchPolicy: 'network-only',
      errorPolicy: 'none',
    });
    return r.data.childHistory;
  }

  function noteFlags(list: readonly HistoryEdge[]) {
    const ids = list.flatMap((e) => e.node.flags.map((f) => f.id));
    if (!knownFlags) {
      knownFlags = new Set(ids);
      return;
    }
    const fresh = new Set(freshFlagIds.value);
    for (const id of ids) {
      if (knownFlags.has(id)) continue;
      fresh.add(id);
      knownFlags.add(id);
    }
    freshFlagIds.value = fresh;
  }

  /** The first page, or, on a live refresh, everything loaded so far (the older tail kept beyond the API's limit). */
  async function load(mode: 'first' | 'refresh') {
    const mine = ++generation;
    const keep =
      mode === 'refresh' ? Math.min(MAX_PAGE, Math.max(HISTORY_PAGE, edges.value.length)) : HISTORY_PAGE;
    if (mode === 'first') loading.value = true;
    try {
      const page = await fetchPage(keep, null);
      if (mine !== generation) return;
      const tail = mode === 'refresh' ? edges.value.slice(keep) : [];
      noteFlags(page.edges);
      edges.value = [...page.edges, ...tail];
      summary.value = page.summary;
      if (!tail.length) {
        hasNextPage.value = page.pageInfo.hasNextPage;
        endCursor.value = page.pageInfo.endCursor ?? null;
      }
      error.value = null;
    } catch (err) {
      if (mine === generation) error.value = humanError(err);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  async function loadMore() {
    if (!endCursor.value || loadingMore.value) return;
    const mine = generation;
    loadingMore.value = true;
    moreError.value = null;
    try {
      const page = await fetchPage(HISTORY_PAGE, endCursor.value);
      if (mine !== generation) return;
      noteFlags(page.edges);
      const seen = new Set(edges.value.map((e) => e.node.session.id));
      edges.value = [...edges.value, ...page.edges.filter((e) => !seen.has(e.node.session.id))];
      hasNextPage.value = page.pageInfo.hasNextPage;
      endCursor.value = page.pageInfo.endCursor ?? null;
    } catch (err) {
      moreError.value = humanError(err);
    } finally {
      loadingMore.value = false;
    }
  }

  watch(
    childId,
    () => {
      knownFlags = null;
      freshFlagIds.value = new Set();
      edges.value = [];
      summary.value = null;
      void load('first');
    },
    { immediate: true },
  );

  /** Reads the history again; a session change may also change the record (an agreement suspended, say). */
  function reload(alsoRecord: boolean) {
    return Promise.all([
      load('refresh'),
      attendance.refetch(),
      isSocialWorker.value ? looseFlagsQuery.refetch() : undefined,
      alsoRecord ? record.refetch() : undefined,
    ]);
  }

  const childName = computed(() => record.result.value?.child.firstName ?? 'this child');

  // Events come in bursts (a no-show writes session, attendance and agreement together): reload once per burst.
  let recordToo = false;
  const refresh = useRefresh(
    () => {
      const also = recordToo;
      recordToo = false;
      return reload(also);
    },
    { debounceMs: 250 },
  );
  useLiveQuery(HistoryFlagChangedDoc, () => ({}), {
    refresh,
    concerns: ({ flagChanged: e }) => e.childId === childId.value,
    onEvent: ({ flagChanged: e }) => {
      const when = londonTime(e.occurredAt);
      announcement.value =
        e.kind === 'raised'
          ? `New safeguarding flag for ${childName.value}, raised at ${when}. The history is updated.`
          : `A safeguarding flag for ${childName.value} was ${e.kind} at ${when}. The history is updated.`;
    },
  });
  useLiveQuery(HistorySessionChangedDoc, () => ({ childId: childId.value }), {
    refresh,
    onEvent: () => (recordToo = true),
  });

  const looseFlags = computed(() =>
    (looseFlagsQuery.result.value?.myFlags ?? []).filter((f) => f.childId === childId.value && !f.sessionId),
  );

  return {
    record,
    attendance,
    edges,
    summary,
    hasNextPage,
    loading,
    loadingMore,
    error,
    moreError,
    loadMore,
    retry: () => load('first'),
    looseFlags,
    freshFlagIds,
    announcement,
  };
}
