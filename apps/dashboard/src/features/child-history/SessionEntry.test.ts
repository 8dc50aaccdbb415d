import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { makeFragmentData } from '@kinroom/schema';
import { AbsenceRecordFields } from '../../shared/absence-record';
import { SessionMessagesFields } from '../../shared/message-list';
import { aMessageFragment } from '../../shared/message-list.fixture';
import SessionEntry from './SessionEntry.vue';
import type { HistoryEntry } from './history-operations';

/** A contact session that took place on Mon 30 Nov 2026 and whose attendance was recorded. */
function entry(report: HistoryEntry['report'], messages: unknown[] = []): HistoryEntry {
  return {
    session: {
      id: 's1',
      kind: 'CONTACT',
      status: 'ENDED',
      startsAt: '2026-11-30T16:00:00Z',
      endsAt: '2026-11-30T17:00:00Z',
      parentArrivedAt: '2026-11-30T15:50:00Z',
      childArrivedAt: '2026-11-30T15:55:00Z',
      startedAt: '2026-11-30T16:00:00Z',
      endedAt: '2026-11-30T17:00:00Z',
      continuityNote: null,
      room: { id: 'r1', name: 'Willow' },
      supervisor: { id: 'u1', name: 'Tom Okafor' },
      cancellation: null,
      ...makeFragmentData({ absenceNotices: [], attendanceCorrections: [] }, AbsenceRecordFields),
      ...makeFragmentData({ messages } as never, SessionMessagesFields),
    },
    attendance: { outcome: 'ATTENDED', minutesLate: null, note: null, recordedAt: '2026-11-30T17:05:00Z' },
    report,
    observation: null,
    flags: [],
  } as unknown as HistoryEntry;
}

const shown = (e: HistoryEntry) =>
  mount(SessionEntry, {
    props: { entry: e, expanded: true, freshFlagIds: new Set<string>(), now: new Date() },
  });

// docs/domain.md rule 9: supervised contact that took place owes a record, due 5 working days after it, started or not.
describe('a session’s observation record in the child’s history', () => {
  it('says a supervised session’s record was never started, with its due date, marked when overdue', () => {
    const w = shown(entry({ status: null, dueAt: '2026-12-07T23:59:59.999Z', overdue: true }));
    const line = w.get('[data-testid="record-not-started"]');
    expect(line.text()).toBe('⚠ Observation record not started · due 7 Dec 2026 · overdue');
    expect(line.classes()).toContain('ch-bad');
    expect(w.text()).not.toMatch(/supported contact/i);
  });

  it('says when it is not started yet but not overdue, unmarked', () => {
    const w = shown(entry({ status: null, dueAt: '2026-12-07T23:59:59.999Z', overdue: false }));
    const line = w.get('[data-testid="record-not-started"]');
    expect(line.text()).toBe('Observation record not started · due 7 Dec 2026');
    expect(line.classes()).not.toContain('ch-bad');
    expect(w.text()).not.toMatch(/supported contact|overdue/i);
  });

  it('keeps the supported-contact text for a session that needs no record', () => {
    const w = shown(entry(null));
    expect(w.find('[data-testid="record-not-started"]').exists()).toBe(false);
    expect(w.text()).toContain('No observation report: supported contact records attendance only.');
  });

  it('still shows where a started record stands', () => {
    const w = shown(entry({ status: 'DRAFT', dueAt: '2026-12-07T23:59:59.999Z', overdue: true }));
    expect(w.find('[data-testid="record-not-started"]').exists()).toBe(false);
    expect(w.text()).toContain(
      'The report is overdue (was due Mon 7 Dec 2026, 23:59): being written by the supervisor.',
    );
  });
});

describe('a session’s messages in the child’s history', () => {
  it('lists who was told what, how and whether it reached them, the carer never named', () => {
    // Planned, sent and delivered on Mon 30 Nov 2026, a day other than today.
    const message = (over: Parameters<typeof aMessageFragment>[0]) =>
      aMessageFragment({
        plannedAt: '2026-11-30T09:00:00Z',
        sentAt: '2026-11-30T09:01:00Z',
        deliveredAt: '2026-11-30T09:12:00Z',
        ...over,
      });
    const w = shown(
      entry(null, [
        message({}),
        message({
          id: 'm2',
          purpose: 'SESSION_CANCELLED_CARER',
          channel: 'TEXT_MESSAGE',
          status: 'FAILED',
          attempts: 3,
          lastError: 'number not recognised',
          recipient: { kind: 'CARER', name: null },
        }),
      ]),
    );
    const items = w.findAll('[data-testid="message"]').map((li) => li.text());
    expect(items).toEqual([
      'Email to Sam Jones (family) · session cancelled · delivered Mon 30 Nov, 09:12',
      '⚠ Text message to the child’s carer · session cancelled · failed: number not recognised · 3 attempts',
    ]);
  });

  it('shows no messages section when none was sent', () => {
    expect(shown(entry(null)).find('[data-testid="message-list"]').exists()).toBe(false);
  });
});
