import { describe, expect, it } from 'vitest';
import { liveRefetch } from './live-refetch';

describe('refetching on live events', () => {
  it('never overlaps requests, and reads once more after a burst so the last event is included', async () => {
    const started: number[] = [];
    const finish: (() => void)[] = [];
    const refetch = liveRefetch(() => {
      started.push(started.length);
      return new Promise<void>((r) => finish.push(r));
    });
    void refetch();
    void refetch();
    void refetch();
    expect(started).toHaveLength(1);
    finish[0]!();
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toHaveLength(2);
    finish[1]!();
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toHaveLength(2);
  });

  it('keeps going after a failed request', async () => {
    let calls = 0;
    const refetch = liveRefetch(async () => {
      calls += 1;
      if (calls === 1) throw new Error('offline');
    });
    await refetch();
    await refetch();
    expect(calls).toBe(2);
  });
});
