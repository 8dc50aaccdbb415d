import type { FlagCategory, FlagSeverity, FlagStatus } from '@kinroom/schema';

export const CATEGORY_LABELS: Record<FlagCategory, string> = {
  PHYSICAL_HARM: 'Physical harm',
  EMOTIONAL_HARM: 'Emotional harm',
  NEGLECT: 'Neglect',
  SEXUAL_HARM: 'Sexual harm',
  ABDUCTION_ATTEMPT: 'Attempted abduction',
  INAPPROPRIATE_CONVERSATION: 'Inappropriate conversation',
  INTOXICATION: 'Parent under the influence of drink or drugs',
  DISCLOSURE: 'Disclosure by the child',
  OTHER: 'Other concern',
};

/** Severity by word and icon as well as colour, most serious first; `within` is the API's acknowledgement window. */
export const SEVERITIES: { value: FlagSeverity; text: string; icon: string; within: string }[] = [
  { value: 'CRITICAL', text: 'Critical', icon: '✖', within: '15 minutes' },
  { value: 'HIGH', text: 'High', icon: '▲', within: '1 hour' },
  { value: 'MEDIUM', text: 'Medium', icon: '◆', within: '4 hours' },
  { value: 'LOW', text: 'Low', icon: '▽', within: '24 hours' },
];

export function severityOf(s: FlagSeverity) {
  return SEVERITIES.find((x) => x.value === s)!;
}

export const FLAG_STATUS_LABELS: Record<FlagStatus, { text: string; icon: string }> = {
  OPEN: { text: 'Open: nobody has acknowledged it', icon: '!' },
  ACKNOWLEDGED: { text: 'Acknowledged', icon: '✓' },
  ESCALATED: { text: 'Escalated', icon: '⇧' },
  RESOLVED: { text: 'Resolved', icon: '■' },
};
