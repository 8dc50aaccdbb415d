import { reactive } from 'vue';

export type AutosaveStatus = 'saved' | 'pending' | 'saving' | 'error';

export interface AutosaveOptions<K, V> {
  /** Sends the changed entries; resolves with the time the server stored them. */
  save(changes: ReadonlyMap<K, V>): Promise<Date>;
  /** Quiet time after the last keystroke before saving. Default 800 ms. */
  debounceMs?: number;
  /** Waits before each retry after a failure; the last one repeats. Default 2 s, 5 s, 10 s, then every 30 s. */
  retryDelaysMs?: readonly number[];
  /** Words for a failed save. */
  describeError?(err: unknown): string;
  /** Told whenever the set of unsaved entries changes, e.g. to keep a copy that survives a reload. */
  onUnsavedChange?(unsaved: ReadonlyMap<K, V>): void;
}

export interface AutosaveState {
  status: AutosaveStatus;
  /** When the server last stored a change. */
  savedAt: Date | null;
  /** Why the last save failed; null after a success. */
  error: string | null;
  /** Failed attempts in a row. */
  failures: number;
  /** When the next automatic retry happens, after a failure. */
  retryAt: Date | null;
}

/**
 * Saves edits as a person types, without ever losing one: edits are collected per key, saved together after a
 * quiet moment, one save at a time (so each save carries the version the previous one returned), and an entry is
 * only forgotten once the value the server stored is still the value on screen. A failed save keeps every edit
 * and retries by itself, with growing waits, until it succeeds.
 */
export function createAutosave<K, V>(opts: AutosaveOptions<K, V>) {
  const debounceMs = opts.debounceMs ?? 800;
  const delays = opts.retryDelaysMs ?? [2000, 5000, 10_000, 30_000];
  const state = reactive<AutosaveState>({
    status: 'saved',
    savedAt: null,
    error: null,
    failures: 0,
    retryAt: null,
  });
  const unsaved = new Map<K, V>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> | null = null;
  let disposed = false;

  const told = () => opts.onUnsavedChange?.(unsaved);

  function schedule(ms: number): void {
    clearTimeout(timer);
    if (!disposed) timer = setTimeout(() => void run(), ms);
  }

  function edit(key: K, value: V): void {
    unsaved.set(key, value);
    told();
    if (state.status !== 'error') state.status = 'pending';
    // After a failure, keep the retry timetable: typing faster must not hammer a server that is down.
    if (state.status !== 'error') schedule(debounceMs);
  }

  async function run(): Promise<void> {
    timer = undefined;
    // One save at a time: whatever changed meanwhile is picked up when the current one settles.
    if (inFlight || unsaved.size === 0) return;
    const batch = new Map(unsaved);
    state.status = 'saving';
    state.retryAt = null;
    inFlight = (async () => {
      try {
        const at = await opts.save(batch);
        for (const [k, v] of batch) if (unsaved.get(k) === v) unsaved.delete(k);
        told();
        Object.assign(state, { savedAt: at, error: null, failures: 0 });
        state.status = unsaved.size ? 'pending' : 'saved';
      } catch (err) {
        state.failures += 1;
        state.error = opts.describeError ? opts.describeError(err) : String(err);
        state.status = 'error';
      } finally {
        inFlight = null;
      }
      if (state.status === 'error') {
        const wait = delays[Math.min(state.failures, delays.length) - 1] ?? 30_000;
        state.retryAt = new Date(Date.now() + wait);
        schedule(wait);
      } else if (unsaved.size) {
        schedule(debounceMs);
      }
    })();
    await inFlight;
  }

  /** Saves everything now (e.g. before submitting or leaving). Resolves true when nothing is left unsaved. */
  async function flush(): Promise<boolean> {
    clearTimeout(timer);
    if (inFlight) await inFlight;
    clearTimeout(timer);
    if (unsaved.size) await run();
    return unsaved.size === 0 && state.status !== 'error';
  }

  function retryNow(): void {
    schedule(0);
  }

  function dispose(): void {
    disposed = true;
    clearTimeout(timer);
  }

  return {
    state,
    edit,
    flush,
    retryNow,
    dispose,
    hasUnsaved: () => unsaved.size > 0 || inFlight !== null,
  };
}

export type Autosave<K, V> = ReturnType<typeof createAutosave<K, V>>;
