import { useApolloClient, useQuery } from '@vue/apollo-composable';
import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import { humanError } from '../../app/errors';
import {
  ChildAttendanceDoc,
  ChildHistoryPageDoc,
  ChildRecordDoc,
  HistoryFlagChangedDoc,
  HistorySessionChangedDoc,
  type Agreement,
  type AgreementEvent,
  type HistoryEdge,
  type HistoryFlag,
  type HistorySummary,
} from './history-operations';
import { londonTime } from '../../shared/london-time';
import { messageOf, type MessageData } from '../../shared/message-list';
import { useLiveQuery, useRefresh } from '../../shared/use-live-query';
import { agreementChanges } from '../agreements/agreement-changes';

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
 * A child's contact history, all from the history query (for every role that may read it): the timeline a page at
 * a time, the agreements and their life, flags raised outside any session, and attendance for the chart; the child's
 * name and date of birth come from their record. It follows flag and session changes for the child live and reloads
 * what is shown when one arrives.
 */
export function useChildHistory(childId: Ref<string>) {
  const { resolveClient } = useApolloClient();

  const record = useQuery(ChildRecordDoc, () => ({ id: childId.value }));
  const attendance = useQuery(ChildAttendanceDoc, () => ({
    childId: childId.value,
    first: CHART_SESSIONS,
  }));

  const edges = shallowRef<HistoryEdge[]>([]);
  const summary = shallowRef<HistorySummary | null>(null);
  const agreements = shallowRef<readonly Agreement[]>([]);
  const agreementEvents = shallowRef<readonly AgreementEvent[]>([]);
  const looseFlags = shallowRef<readonly HistoryFlag[]>([]);
  const looseMessages = shallowRef<MessageData[]>([]);
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

  function noteFlags(list: readonly HistoryEdge[], outside: readonly HistoryFlag[] = []) {
    const ids = [...list.flatMap((e) => e.node.flags.map((f) => f.id)), ...outside.map((f) => f.id)];
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
      noteFlags(page.edges, page.flagsOutsideSessions);
      edges.value = [...page.edges, ...tail];
      summary.value = page.summary;
      agreements.value = page.agreements;
      agreementEvents.value = page.agreementEvents;
      looseFlags.value = page.flagsOutsideSessions;
      looseMessages.value = page.messagesOutsideSessions.map(messageOf);
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
      agreements.value = [];
      agreementEvents.value = [];
      looseFlags.value = [];
      looseMessages.value = [];
      void load('first');
    },
    { immediate: true },
  );

  /** Reads the history again: its agreements come with it, so an agreement suspended by a session shows too. */
  function reload() {
    return Promise.all([load('refresh'), attendance.refetch()]);
  }

  const childName = computed(() => record.result.value?.child.firstName ?? 'this child');

  // Events come in bursts (a no-show writes session, attendance and agreement together): reload once per burst.
  const refresh = useRefresh(reload, { debounceMs: 250 });
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
  useLiveQuery(HistorySessionChangedDoc, () => ({ childId: childId.value }), { refresh });
  // An agreement changed from this dashboard (written, signed, ended…) is read again with the history.
  watch(agreementChanges, refresh);

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
    agreements,
    agreementEvents,
    looseFlags,
    looseMessages,
    freshFlagIds,
    announcement,
  };
}
