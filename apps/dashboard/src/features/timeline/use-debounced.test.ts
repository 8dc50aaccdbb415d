import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { useDebounced } from './use-debounced';

describe('a value asked of the server once typing pauses', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('starts as the value, follows it only after it has been still, and takes the last of a burst', async () => {
    const typed = ref('Am');
    const scope = effectScope();
    const settled = scope.run(() => useDebounced(() => typed.value, 300))!;
    expect(settled.value).toBe('Am');

    typed.value = 'Ama';
    await nextTick();
    vi.advanceTimersByTime(200);
    typed.value = 'Amar';
    await nextTick();
    vi.advanceTimersByTime(200);
    expect(settled.value).toBe('Am');
    vi.advanceTimersByTime(100);
    expect(settled.value).toBe('Amar');

    // Once the screen is gone, nothing is set after it.
    typed.value = 'Amara';
    await nextTick();
    scope.stop();
    vi.advanceTimersByTime(1_000);
    expect(settled.value).toBe('Amar');
  });
});
