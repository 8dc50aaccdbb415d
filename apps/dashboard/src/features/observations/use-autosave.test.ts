import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAutosave } from './use-autosave';

type Saved = Map<string, string>;

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('autosave', () => {
  it('waits for a quiet moment, then saves the latest text once', async () => {
    const calls: Saved[] = [];
    const a = createAutosave<string, string>({
      debounceMs: 800,
      save: async (c) => {
        calls.push(new Map(c));
        return new Date('2026-11-20T16:42:00Z');
      },
    });
    a.edit('activities', 'D');
    await vi.advanceTimersByTimeAsync(500);
    a.edit('activities', 'Dr');
    await vi.advanceTimersByTimeAsync(500);
    a.edit('activities', 'Drawing');
    expect(a.state.status).toBe('pending');
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(800);
    expect(calls).toEqual([new Map([['activities', 'Drawing']])]);
    expect(a.state.status).toBe('saved');
    expect(a.state.savedAt?.toISOString()).toBe('2026-11-20T16:42:00.000Z');
    expect(a.hasUnsaved()).toBe(false);
  });

  it('runs one save at a time and sends what was typed during it afterwards', async () => {
    const calls: Saved[] = [];
    const pending: ReturnType<typeof deferred<Date>>[] = [];
    const a = createAutosave<string, string>({
      debounceMs: 100,
      save: (c) => {
        calls.push(new Map(c));
        const d = deferred<Date>();
        pending.push(d);
        return d.promise;
      },
    });
    a.edit('behaviours', 'Calm');
    await vi.advanceTimersByTimeAsync(100);
    expect(a.state.status).toBe('saving');
    a.edit('behaviours', 'Calm and chatty');
    a.edit('attitudes', 'Warm');
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(1);
    pending[0]!.resolve(new Date());
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toHaveLength(2);
    // The first save stored an older text, so the newer one is still owed and goes in the second save.
    expect(calls[1]).toEqual(
      new Map([
        ['behaviours', 'Calm and chatty'],
        ['attitudes', 'Warm'],
      ]),
    );
    pending[1]!.resolve(new Date());
    await vi.advanceTimersByTimeAsync(0);
    expect(a.state.status).toBe('saved');
  });

  it('keeps the text after a failure and retries by itself with growing waits until it saves', async () => {
    let fail = 3;
    const calls: Saved[] = [];
    const unsavedCopies: number[] = [];
    const a = createAutosave<string, string>({
      debounceMs: 100,
      retryDelaysMs: [1000, 3000],
      describeError: () => 'Kinroom cannot reach the server.',
      onUnsavedChange: (u) => unsavedCopies.push(u.size),
      save: async (c) => {
        calls.push(new Map(c));
        if (fail-- > 0) throw new Error('offline');
        return new Date();
      },
    });
    a.edit('suggestions', 'Bring a book');
    await vi.advanceTimersByTimeAsync(100);
    expect(a.state).toMatchObject({
      status: 'error',
      failures: 1,
      error: 'Kinroom cannot reach the server.',
    });
    expect(a.hasUnsaved()).toBe(true);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    // Typing while it is failing joins the next retry instead of adding attempts.
    a.edit('suggestions', 'Bring a book from home');
    await vi.advanceTimersByTimeAsync(2999);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(3);
    expect(calls[2]!.get('suggestions')).toBe('Bring a book from home');
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls).toHaveLength(4);
    expect(a.state).toMatchObject({ status: 'saved', failures: 0, error: null });
    expect(unsavedCopies.at(-1)).toBe(0);
  });

  it('retries at once when asked, and flush saves immediately', async () => {
    let fail = true;
    const save = vi.fn(async () => {
      if (fail) throw new Error('down');
      return new Date();
    });
    const a = createAutosave<string, string>({ debounceMs: 800, retryDelaysMs: [60_000], save });
    a.edit('activities', 'Lego');
    expect(await a.flush()).toBe(false);
    expect(save).toHaveBeenCalledTimes(1);
    fail = false;
    a.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledTimes(2);
    expect(a.state.status).toBe('saved');
    a.edit('activities', 'Lego and a puzzle');
    expect(await a.flush()).toBe(true);
    expect(save).toHaveBeenCalledTimes(3);
  });

  it('stops saving once disposed', async () => {
    const save = vi.fn(async () => new Date());
    const a = createAutosave<string, string>({ save });
    a.edit('activities', 'x');
    a.dispose();
    await vi.advanceTimersByTimeAsync(5000);
    expect(save).not.toHaveBeenCalled();
  });
});
