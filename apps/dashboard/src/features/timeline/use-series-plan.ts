import { useQuery } from '@vue/apollo-composable';
import { computed, type Ref } from 'vue';
import { graphql } from '@kinroom/schema';
import type { SeriesPatternInput } from '@kinroom/schema';
import { useDebounced } from './use-debounced';

const PlanSeriesDocument = graphql(`
  query PlanSeries($input: SeriesPatternInput!) {
    planSeries(input: $input) {
      durationMinutes
      bookableCount
      occurrences {
        date
        startsAt
        endsAt
        bookable
        problems {
          code
          message
        }
        suggestion {
          startsAt
          endsAt
          roomId
          roomName
          supervisorName
        }
      }
      skipped {
        date
        message
      }
    }
  }
`);

/**
 * The rules, shown before Book: the series as the API would book it, asked again (after the form has been still
 * for a moment) whenever the pattern, room or staff change. `pattern` is null while something needed is missing.
 */
export function useSeriesPlan(pattern: Ref<SeriesPatternInput | null>) {
  const settled = useDebounced(() => pattern.value, 400);
  const q = useQuery(
    PlanSeriesDocument,
    () => ({ input: settled.value as SeriesPatternInput }),
    () => ({ enabled: settled.value !== null, fetchPolicy: 'network-only' }),
  );
  const plan = computed(() => (settled.value ? (q.result.value?.planSeries ?? null) : null));
  /** The plan shown is for what the form says now (not a moment ago). */
  const current = computed(
    () => JSON.stringify(settled.value) === JSON.stringify(pattern.value) && !q.loading.value,
  );
  return { query: q, plan, current };
}
