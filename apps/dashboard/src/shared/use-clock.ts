import { onScopeDispose, ref } from 'vue';

/**
 * The time now, in milliseconds, as a reactive number that changes every `everyMs` (one second by default), so
 * "12 min ago", deadlines and "as of" lines stay true. One interval per view, not one per card: a board of twenty
 * rooms still wakes the page once a second. `skew` corrects a device clock that disagrees with the server's.
 */
export function useClock(everyMs = 1000, skew: () => number = () => 0) {
  const now = ref(Date.now() + skew());
  const timer = setInterval(() => (now.value = Date.now() + skew()), everyMs);
  onScopeDispose(() => clearInterval(timer));
  return now;
}
