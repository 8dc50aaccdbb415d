import type { FlagStatus } from '@kinroom/schema';
import { ROLE_LABELS, type Role } from '../../app/auth';
import { londonTime } from '../../shared/london-time';

/** What the person who raised a flag reads of it afterwards. */
export interface RaisedFlag {
  status: FlagStatus;
  raisedAt: string;
  acknowledgeBy: string;
  acknowledgements: readonly { acknowledgedAt: string; user: { name: string; role: string } }[];
}

/**
 * What became of a flag, told to whoever raised it: sent at once to the child's social worker and the centre
 * manager, but nobody "has it" until someone acknowledges it; then who did, and when (docs/domain.md rule 10).
 */
export function receiptText(f: RaisedFlag, childName: string): string {
  const sent = `Flag raised at ${londonTime(f.raisedAt)} and sent to ${childName}'s social worker and the centre manager`;
  if (!f.acknowledgements.length) {
    return `${sent}; not yet acknowledged. It must be acknowledged by ${londonTime(f.acknowledgeBy)}.`;
  }
  const who = f.acknowledgements
    .map((a) => `${a.user.name} (${ROLE_LABELS[a.user.role as Role]}) at ${londonTime(a.acknowledgedAt)}`)
    .join(', then ');
  return `${sent}. Acknowledged by ${who}${f.status === 'RESOLVED' ? '; now resolved' : ''}.`;
}
