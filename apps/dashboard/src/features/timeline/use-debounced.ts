import { onScopeDispose, ref, watch, type Ref } from 'vue';

/**
 * A value that follows another once it has been still for `ms`: a search or a plan asked of the server as a person
 * types, not on every key.
 */
export function useDebounced<T>(source: () => T, ms: number): Ref<T> {
  const value = ref(source()) as Ref<T>;
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch(
    source,
    (next) => {
      clearTimeout(timer);
      timer = setTimeout(() => (value.value = next), ms);
    },
    { deep: true },
  );
  onScopeDispose(() => clearTimeout(timer));
  return value;
}
