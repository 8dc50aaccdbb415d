/**
 * Who may stand in a session's room as its staff (docs/domain.md "Level of supervision" and rule 3).
 */

/**
 * The roles that supervise contact, and so the only roles that may be a session's supervisor or its second member
 * of staff. A second member of staff at a high-vigilance session is there to watch the exits and step in, which is
 * a contact supervisor's job; an integrator is a machine, and an admin or social worker is not on the centre's
 * floor. A centre manager is not listed either: the manager oversees every room at once and cannot be held to one
 * (the supervisor's slot has only ever been a supervisor's, and both slots follow one rule).
 */
export const SUPERVISING_ROLES = ['supervisor'] as const;

/** A member of staff as far as {@link staffingProblem} needs to know them. */
export interface StaffCandidate {
  role: string;
  active: boolean;
  centreId: string | null;
}

/**
 * Why this person may not be a session's supervisor or second member of staff, or null when they may: their role
 * must supervise ({@link SUPERVISING_ROLES}), their account must be active, and they must work at the session's
 * centre.
 */
export function staffingProblem(
  who: StaffCandidate,
  sessionCentreId: string,
  slot: 'supervisor' | 'second member of staff',
): string | null {
  if (!(SUPERVISING_ROLES as readonly string[]).includes(who.role)) {
    return `The ${slot} must be a contact supervisor: this person's role does not supervise contact.`;
  }
  if (!who.active) return `The ${slot} must be an active member of staff.`;
  if (who.centreId !== sessionCentreId) return `The ${slot} must work at the session's centre.`;
  return null;
}

/**
 * Why a session's two members of staff cannot be these two, or null when they can: the second member of staff is
 * there to watch the exits and step in while the supervisor is with the family, so it must be another person.
 */
export function staffPairProblem(supervisorId: string, secondStaffId: string | null): string | null {
  return secondStaffId !== null && secondStaffId === supervisorId
    ? 'The second member of staff must be someone other than the supervisor.'
    : null;
}
