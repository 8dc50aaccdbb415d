import { londonDateKey, STRIKES_WORDING } from '@kinroom/domain';
import type { FlagSeverity } from '@kinroom/schema';
import { FLAG_CATEGORY, FLAG_SEVERITY, REPORT_STATUS, type Badge } from '../../shared/history-format';
import { calendarDate, londonDate, londonDateTime } from '../../shared/london-time';
import type { CaseloadEntry, ReviewReminder } from './caseload-operations';

export interface AttentionItem extends Badge {
  key: string;
  kind: 'suspended' | 'flag' | 'report' | 'review';
}

const SEVERITY_ORDER: Record<FlagSeverity, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };

/**
 * What needs the social worker for one child, most pressing first: a suspension (contact has stopped: meet the
 * parent, docs/domain.md rule 8), then flags nobody has acknowledged (most severe first, rule 10), then overdue
 * observation reports (rule 9), then agreement reviews due.
 */
export function attentionItems(entry: CaseloadEntry, now: Date): AttentionItem[] {
  const items: AttentionItem[] = [];
  for (const a of entry.suspendedAgreements) {
    const issued = a.suspensionNotice ? `, notice issued ${londonDate(a.suspensionNotice.issuedAt)}` : '';
    items.push({
      key: `suspended-${a.id}`,
      kind: 'suspended',
      icon: '‖',
      tone: 'bad',
      text: `${STRIKES_WORDING.suspended}${issued}. Meet the parent; only a new agreement restarts contact.`,
    });
  }
  const flags = [...entry.unacknowledgedFlags].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      Date.parse(a.raisedAt) - Date.parse(b.raisedAt),
  );
  for (const f of flags) {
    const sev = FLAG_SEVERITY[f.severity];
    const state = f.status === 'ESCALATED' ? 'escalated, not acknowledged' : 'not acknowledged';
    const due = f.acknowledgementOverdue
      ? `acknowledgement overdue since ${londonDateTime(f.acknowledgeBy)}`
      : `acknowledge by ${londonDateTime(f.acknowledgeBy)}`;
    items.push({
      key: `flag-${f.id}`,
      kind: 'flag',
      icon: sev.icon,
      tone: f.severity === 'LOW' ? 'warn' : 'bad',
      text: `${sev.text} safeguarding flag: ${FLAG_CATEGORY[f.category]}, raised ${londonDateTime(f.raisedAt)}, ${state} (${due}).`,
    });
  }
  for (const r of entry.overdueReports) {
    items.push({
      key: `report-${r.sessionId}`,
      kind: 'report',
      icon: '⚠',
      tone: 'warn',
      // A record nobody opened is overdue all the same (docs/domain.md rule 9): say so rather than show no status.
      text: `Observation report overdue: session of ${londonDate(r.sessionStartsAt)}, due ${londonDateTime(r.dueAt)}, by ${r.author.name} (${r.status ? REPORT_STATUS[r.status].toLowerCase() : 'not started'}).`,
    });
  }
  const today = londonDateKey(now);
  // A review close enough to be a reminder is shown once, as the reminder with its button.
  const reminded = new Set(entry.reviewReminders.map((r) => r.agreement.id));
  for (const a of entry.reviewsDue.filter((d) => !reminded.has(d.id))) {
    const past = a.reviewDate < today;
    const isToday = a.reviewDate === today;
    items.push({
      key: `review-${a.id}`,
      kind: 'review',
      icon: '◷',
      tone: past ? 'bad' : 'warn',
      text: past
        ? `Agreement review overdue: it was due ${calendarDate(a.reviewDate)}.`
        : isToday
          ? 'Agreement review due today.'
          : `Agreement review due ${calendarDate(a.reviewDate)}.`,
    });
  }
  return items;
}

export interface CaseloadTotals {
  children: number;
  needingAttention: number;
  suspended: number;
  flags: number;
  reports: number;
  reviews: number;
}

export function caseloadTotals(entries: readonly CaseloadEntry[]): CaseloadTotals {
  return entries.reduce<CaseloadTotals>(
    (t, e) => ({
      children: t.children + 1,
      needingAttention: t.needingAttention + (e.needsAttention ? 1 : 0),
      suspended: t.suspended + e.suspendedAgreements.length,
      flags: t.flags + e.unacknowledgedFlags.length,
      reports: t.reports + e.overdueReports.length,
      reviews: t.reviews + e.reviewsDue.length,
    }),
    { children: 0, needingAttention: 0, suspended: 0, flags: 0, reports: 0, reviews: 0 },
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One sentence for the top of the caseload: how many children need the social worker, and for what. */
export function totalsSentence(t: CaseloadTotals): string {
  if (t.children === 0) return 'No children are on your caseload.';
  if (t.needingAttention === 0)
    return `${plural(t.children, 'child', 'children')} on your caseload; nothing needs your attention now.`;
  const parts = [
    t.suspended && plural(t.suspended, 'suspended agreement', 'suspended agreements'),
    t.flags && plural(t.flags, 'unacknowledged flag', 'unacknowledged flags'),
    t.reports && plural(t.reports, 'overdue report', 'overdue reports'),
    t.reviews && plural(t.reviews, 'review due', 'reviews due'),
  ].filter((p): p is string => Boolean(p));
  const verb = t.needingAttention === 1 ? 'needs' : 'need';
  return `${t.needingAttention} of ${plural(t.children, 'child', 'children')} ${verb} your attention: ${parts.join(', ')}.`;
}

const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

/** The reminder to record a review due within 7 days or overdue (docs/agreements.md), naming whom it is with. */
export function reminderText(r: ReviewReminder): string {
  const who = r.agreement.participants.map((p) => p.firstName).join(' and ') || 'the family';
  const what = `The agreement with ${who}`;
  if (r.overdue)
    return `${what} was due for review on ${calendarDate(r.reviewDate)}, ${days(-r.daysUntil)} ago: record the review.`;
  if (r.daysUntil === 0) return `${what} is due for review today.`;
  return `${what} is due for review in ${days(r.daysUntil)}, on ${calendarDate(r.reviewDate)}.`;
}
