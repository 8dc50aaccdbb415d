import { FAMILY_INFORMED_METHOD_WORDS, type FamilyInformedMethod as DomainMethod } from '@kinroom/domain';
import { graphql } from '@kinroom/schema';
import type {
  CancellationLineFieldsFragment,
  CancellationReason,
  FamilyInformedMethod,
} from '@kinroom/schema';
import { londonDayTime } from './london-time';

/** Why the centre cancels (docs/domain.md rule 6), in the order a manager meets them. */
export const CANCELLATION_REASON: Record<CancellationReason, string> = {
  CHILD_ILL: 'The child is ill',
  MEDICAL_APPOINTMENT: 'The child has a medical appointment',
  SCHOOL_APPOINTMENT: 'The child has a school appointment',
  OTHER: 'Another reason',
};

export const CANCELLATION_REASONS = Object.keys(CANCELLATION_REASON) as CancellationReason[];

/** The ways a member of staff records having told a family. Kinroom's own message is recorded by Kinroom when delivered. */
export const FAMILY_TOLD_CHOICES: Record<Exclude<FamilyInformedMethod, 'KINROOM_MESSAGE'>, string> = {
  PHONE: 'Phone call',
  IN_PERSON: 'In person',
  TEXT_MESSAGE: 'Text message',
  EMAIL: 'Email',
  LETTER: 'Letter',
};

/** What every screen that says how a session was cancelled asks of it. */
export const CancellationLineFields = graphql(`
  fragment CancellationLineFields on Session {
    cancellation {
      cancelledAt
      reason
      note
      familyInformedAt
    }
    familyInformedVia
    cancelledBy {
      name
    }
  }
`);

/** "family told by phone at Mon 7 Dec, 09:10", or "family not yet told". */
export function familyToldText(
  at: string | null | undefined,
  via: FamilyInformedMethod | null | undefined,
): string {
  if (!at) return 'family not yet told';
  const how = via ? ` ${FAMILY_INFORMED_METHOD_WORDS[via.toLowerCase() as DomainMethod]}` : '';
  return `family told${how} at ${londonDayTime(at)}`;
}

/** "Cancelled by Priya Shah at Mon 7 Dec, 09:00 · The child is ill · family told by phone at …"; null if not cancelled. */
export function cancellationLine(s: CancellationLineFieldsFragment): string | null {
  const c = s.cancellation;
  if (!c) return null;
  const by = s.cancelledBy?.name ? ` by ${s.cancelledBy.name}` : '';
  const why = CANCELLATION_REASON[c.reason] + (c.note ? ` (“${c.note}”)` : '');
  return `Cancelled${by} at ${londonDayTime(c.cancelledAt)} · ${why} · ${familyToldText(c.familyInformedAt, s.familyInformedVia)}`;
}
