/**
 * Keeping the same supervisor for a family (docs/domain.md rule 4).
 */

/**
 * How many of a family's most recent sessions decide who their usual supervisor is. A window, rather than the
 * whole history, lets the usual supervisor change when a family is handed over for good; counting, rather
 * than taking the last session, stops one session of cover from making the cover the usual supervisor.
 */
export const CONTINUITY_WINDOW = 6;

/** Who usually supervises a family, and whether a proposed supervisor is them. */
export interface ContinuityCheck {
  /** `null` when the family has no past sessions. */
  usualSupervisorId: string | null;
  isUsual: boolean;
  /** A note to show beside the booking when it breaks continuity; `null` otherwise. */
  note: string | null;
}

/**
 * Rule 4: the same supervisor for a family wherever possible. Assigning someone else is allowed but must
 * be visible, so this never refuses; it returns a note when the proposal is not the usual supervisor.
 *
 * The usual supervisor is whoever supervised most of the last {@link CONTINUITY_WINDOW} sessions, ties going
 * to whoever supervised most recently. A family with no past sessions has no usual supervisor yet: any
 * proposal counts as usual and there is no note.
 *
 * @param input.pastSupervisorIds supervisors of the family's past sessions, most recent first.
 */
export function supervisorContinuity(input: {
  proposedSupervisorId: string;
  pastSupervisorIds: readonly string[];
}): ContinuityCheck {
  const recent = input.pastSupervisorIds.slice(0, CONTINUITY_WINDOW);
  if (recent.length === 0) return { usualSupervisorId: null, isUsual: true, note: null };

  const counts = new Map<string, number>();
  for (const id of recent) counts.set(id, (counts.get(id) ?? 0) + 1);
  let usual = recent[0] as string;
  for (const id of recent) {
    // Strictly greater keeps the most recent supervisor on a tie, because `recent` is most recent first.
    if ((counts.get(id) ?? 0) > (counts.get(usual) ?? 0)) usual = id;
  }

  if (input.proposedSupervisorId === usual) return { usualSupervisorId: usual, isUsual: true, note: null };
  const n = counts.get(usual) ?? 0;
  const proposedBefore = counts.get(input.proposedSupervisorId) ?? 0;
  const familiarity =
    proposedBefore === 0
      ? 'has not supervised this family in its recent sessions'
      : `has supervised ${proposedBefore} of this family's last ${recent.length} sessions`;
  return {
    usualSupervisorId: usual,
    isUsual: false,
    note:
      `Not the family's usual supervisor, who supervised ${n} of their last ${recent.length} sessions; ` +
      `the proposed supervisor ${familiarity}. Continuity is kept wherever possible (rule 4).`,
  };
}
