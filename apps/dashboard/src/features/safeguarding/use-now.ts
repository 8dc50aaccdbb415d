import { onMounted, onUnmounted, ref } from 'vue';

/** The current time, ticking while the component is mounted, so "12 min ago" and deadlines stay true. */
export function useNow(everyMs = 1000) {
  const now = ref(new Date());
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => (timer = setInterval(() => (now.value = new Date()), everyMs)));
  onUnmounted(() => clearInterval(timer));
  return now;
}
