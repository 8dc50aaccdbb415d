import { describe, expect, it } from 'vitest';
import { receiptText } from './flag-receipt';

const raised = {
  status: 'OPEN' as const,
  raisedAt: '2026-12-07T14:02:00Z',
  acknowledgeBy: '2026-12-07T14:17:00Z',
  acknowledgements: [],
};

describe('what the person who raised a flag is told', () => {
  it('does not say anyone has it before someone acknowledges it', () => {
    const text = receiptText(raised, 'Ruby B.');
    expect(text).toBe(
      "Flag raised at 14:02 and sent to Ruby B.'s social worker and the centre manager; not yet acknowledged. It must be acknowledged by 14:17.",
    );
    expect(text).not.toMatch(/has it/);
  });

  it('then says who acknowledged it, and when', () => {
    const text = receiptText(
      {
        ...raised,
        status: 'ACKNOWLEDGED',
        acknowledgements: [
          { acknowledgedAt: '2026-12-07T14:05:00Z', user: { name: 'Priya Shah', role: 'CENTRE_MANAGER' } },
          { acknowledgedAt: '2026-12-07T14:09:00Z', user: { name: 'Aisha Khan', role: 'SOCIAL_WORKER' } },
        ],
      },
      'Ruby B.',
    );
    expect(text).toBe(
      "Flag raised at 14:02 and sent to Ruby B.'s social worker and the centre manager. Acknowledged by Priya Shah (Centre manager) at 14:05, then Aisha Khan (Social worker) at 14:09.",
    );
  });
});
