/** A stretch of time in words a person reads at a glance: "45 s", "12 min", "3 h 5 min", "2 days 4 h". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const days = Math.floor(h / 24);
  const dayWord = days === 1 ? 'day' : 'days';
  return h % 24 ? `${days} ${dayWord} ${h % 24} h` : `${days} ${dayWord}`;
}

/** How long ago something happened; under ten seconds reads "just now". */
export function timeSince(from: string | Date, now: Date): string {
  const ms = now.getTime() - new Date(from).getTime();
  if (ms < 10_000) return 'just now';
  return `${formatDuration(ms)} ago`;
}

/**
 * Where a flag stands against its acknowledgement deadline (docs/domain.md rule 10): time left, or how long it has been
 * overdue; once acknowledged, whether that was in time (the record of who saw a flag, and when, is the point).
 */
export function deadlineState(
  deadline: string | Date,
  now: Date,
  firstAcknowledgedAt: string | Date | null,
): { kind: 'met' | 'late' | 'due' | 'overdue'; text: string } {
  const due = new Date(deadline).getTime();
  if (firstAcknowledgedAt) {
    const late = new Date(firstAcknowledgedAt).getTime() - due;
    return late <= 0
      ? { kind: 'met', text: 'Acknowledged before its deadline' }
      : { kind: 'late', text: `Acknowledged ${formatDuration(late)} after its deadline` };
  }
  const left = due - now.getTime();
  if (left >= 0) return { kind: 'due', text: `Acknowledge within ${formatDuration(left)}` };
  return { kind: 'overdue', text: `Acknowledgement overdue by ${formatDuration(-left)}` };
}
