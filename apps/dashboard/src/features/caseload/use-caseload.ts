import { useQuery, useSubscription } from '@vue/apollo-composable';
import { computed, onBeforeUnmount, ref } from 'vue';
import { markUpdate } from '../../app/connection';
import { londonTime } from '../../shared/london-time';
import { CaseloadFlagChangedDoc, CaseloadSessionChangedDoc, MyCaseloadDoc } from './caseload-operations';

/**
 * The signed-in social worker's caseload, kept current: any flag or session change for a child on it reloads the
 * list (the API works out what needs attention, so the view never second-guesses it).
 */
export function useCaseload() {
  const q = useQuery(MyCaseloadDoc);
  const entries = computed(() => q.result.value?.myCaseload ?? []);
  const announcement = ref('');

  let timer: ReturnType<typeof setTimeout> | undefined;
  function refetchSoon() {
    clearTimeout(timer);
    timer = setTimeout(() => void q.refetch(), 250);
  }
  onBeforeUnmount(() => clearTimeout(timer));

  const nameOf = (childId: string | null | undefined) =>
    entries.value.find((e) => e.child.id === childId)?.child.firstName ?? 'a child on your caseload';

  const flags = useSubscription(CaseloadFlagChangedDoc);
  flags.onResult((r) => {
    const e = r.data?.flagChanged;
    if (!e) return;
    markUpdate();
    if (e.kind === 'raised')
      announcement.value = `New safeguarding flag for ${nameOf(e.childId)}, raised at ${londonTime(e.occurredAt)}.`;
    refetchSoon();
  });
  const sessions = useSubscription(CaseloadSessionChangedDoc);
  sessions.onResult((r) => {
    if (!r.data?.sessionChanged) return;
    markUpdate();
    refetchSoon();
  });

  return {
    entries,
    loading: q.loading,
    error: q.error,
    refetch: () => q.refetch(),
    announcement,
  };
}
