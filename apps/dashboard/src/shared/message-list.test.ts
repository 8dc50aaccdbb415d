import { describe, expect, it } from 'vitest';
import { messageLine, needsAction, recipientWords } from './message-list';
import { aMessage } from './message-list.fixture';

const NOW = new Date('2026-12-07T15:00:00Z');

describe('a message in words', () => {
  it('says how, to whom, what for and when it was delivered', () => {
    expect(messageLine(aMessage(), NOW)).toBe(
      'Email to Sam Jones (family) · session cancelled · delivered 09:12',
    );
  });

  it('says the day too when it was not today (London time)', () => {
    const m = aMessage({ deliveredAt: '2026-07-01T08:12:00Z' });
    expect(messageLine(m, NOW)).toBe(
      'Email to Sam Jones (family) · session cancelled · delivered Wed 1 Jul, 09:12',
    );
  });

  it('never names the child’s carer, and says a failure with its reason and attempts', () => {
    const m = aMessage({
      purpose: 'SESSION_CANCELLED_CARER',
      channel: 'TEXT_MESSAGE',
      status: 'FAILED',
      attempts: 3,
      lastError: 'number not recognised',
      recipient: { kind: 'CARER', name: null },
    });
    expect(messageLine(m, NOW)).toBe(
      'Text message to the child’s carer · session cancelled · failed: number not recognised · 3 attempts',
    );
    expect(recipientWords({ kind: 'CARER', name: 'Anne and Rob Fielding' })).toBe('the child’s carer');
    expect(needsAction(m)).toBe(true);
  });

  it('names the child’s reviewing officer by role, and by name when the case records one', () => {
    const m = aMessage({
      purpose: 'SUSPENSION_NOTICE_REVIEWING_OFFICER',
      recipient: { kind: 'REVIEWING_OFFICER', name: 'Rae Reviewer' },
    });
    expect(messageLine(m, NOW)).toBe(
      'Email to the child’s reviewing officer (Rae Reviewer) · contact suspended · delivered 09:12',
    );
    expect(recipientWords({ kind: 'REVIEWING_OFFICER', name: null })).toBe('the child’s reviewing officer');
    const none = aMessage({
      purpose: 'SUSPENSION_NOTICE_REVIEWING_OFFICER',
      recipient: { kind: 'REVIEWING_OFFICER', name: 'Rae Reviewer' },
      status: 'NOT_SENT',
      notSentReason: 'NO_CONTACT_DETAILS',
    });
    expect(messageLine(none, NOW)).toBe(
      'Email to the child’s reviewing officer (Rae Reviewer) · contact suspended · not sent: no contact details on record',
    );
  });

  it('says why a message was never sent, and only a person nobody can reach needs acting on', () => {
    const dnc = aMessage({ status: 'NOT_SENT', notSentReason: 'DO_NOT_CONTACT', attempts: 0 });
    expect(messageLine(dnc, NOW)).toBe(
      'Email to Sam Jones (family) · session cancelled · not sent: marked do not contact',
    );
    expect(needsAction(dnc)).toBe(false);
    const none = aMessage({ channel: 'LETTER', status: 'NOT_SENT', notSentReason: 'NO_CONTACT_DETAILS' });
    expect(messageLine(none, NOW)).toContain('Letter to Sam Jones (family)');
    expect(needsAction(none)).toBe(true);
    const unneeded = aMessage({
      purpose: 'SESSION_REMINDER_FAMILY',
      status: 'NOT_SENT',
      notSentReason: 'NO_LONGER_NEEDED',
      attempts: 1,
    });
    expect(messageLine(unneeded, NOW)).toBe(
      'Email to Sam Jones (family) · reminder of the session · not sent: no longer needed',
    );
    expect(needsAction(unneeded)).toBe(false);
  });

  it('names staff by name and says a retry is waiting', () => {
    const m = aMessage({
      purpose: 'FLAG_ESCALATED_MANAGER',
      status: 'QUEUED',
      attempts: 2,
      recipient: { kind: 'STAFF', name: 'Priya Shah' },
    });
    expect(messageLine(m, NOW)).toBe(
      'Email to Priya Shah · flag not acknowledged in time · waiting to try again (2 attempts)',
    );
  });
});
