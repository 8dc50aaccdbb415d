export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function summary(values: number[]): { p50: number; p95: number; p99: number; count: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    count: sorted.length,
  };
}

/**
 * The percentiles of values counted by value ([value, count] pairs, from several sources), as {@link summary} would
 * give them from the list of every value, and the largest.
 */
export function histogramSummary(counts: Iterable<[number, number]>): ReturnType<typeof summary> & {
  max: number;
} {
  const merged = new Map<number, number>();
  for (const [v, n] of counts) merged.set(v, (merged.get(v) ?? 0) + n);
  const sorted = [...merged].sort((a, b) => a[0] - b[0]);
  const count = sorted.reduce((a, [, n]) => a + n, 0);
  const at = (p: number) => {
    if (count === 0) return NaN;
    const index = Math.min(count - 1, Math.floor((p / 100) * count));
    let seen = 0;
    for (const [v, n] of sorted) {
      seen += n;
      if (seen > index) return v;
    }
    return NaN;
  };
  return { p50: at(50), p95: at(95), p99: at(99), count, max: sorted.at(-1)?.[0] ?? NaN };
}

/** a / b rounded to two places, or null when either is missing. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return Math.round((a / b) * 100) / 100;
}
