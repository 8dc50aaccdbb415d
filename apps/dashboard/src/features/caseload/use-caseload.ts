import { useQuery } from '@vue/apollo-composable';
import { computed, ref } from 'vue';
import { londonTime } from '../../shared/london-time';
import { useLiveQuery, useRefresh } from '../../shared/use-live-query';
import { CaseloadFlagChangedDoc, CaseloadSessionChangedDoc, MyCaseloadDoc } from './caseload-operations';

/**
 * The signed-in social worker's caseload, kept current: any flag or session change for a child on it reloads the
 * list (the API works out what needs attention, so the view never second-guesses it).
 */
export function useCaseload() {
  const q = useQuery(MyCaseloadDoc);
  const entries = computed(() => q.result.value?.myCaseload ?? []);
  const announcement = ref('');

  const nameOf = (childId: string | null | undefined) =>
    entries.value.find((e) => e.child.id === childId)?.child.firstName ?? 'a child on your caseload';

  // A change writes several events at once: the list is read again once the burst goes quiet.
  const refresh = useRefresh(() => q.refetch(), { debounceMs: 250 });
  useLiveQuery(CaseloadFlagChangedDoc, () => ({}), {
    refresh,
    onEvent: ({ flagChanged: e }) => {
      if (e.kind === 'raised')
        announcement.value = `New safeguarding flag for ${nameOf(e.childId)}, raised at ${londonTime(e.occurredAt)}.`;
    },
  });
  useLiveQuery(CaseloadSessionChangedDoc, () => ({}), { refresh });

  return {
    entries,
    loading: q.loading,
    error: q.error,
    refetch: () => q.refetch(),
    announcement,
  };
}
