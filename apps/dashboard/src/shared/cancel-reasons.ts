import type { CancellationReason } from '@kinroom/schema';

/** Why the centre cancels (docs/domain.md rule 6), in the order a manager meets them. */
export const CANCELLATION_REASON: Record<CancellationReason, string> = {
  CHILD_ILL: 'The child is ill',
  MEDICAL_APPOINTMENT: 'The child has a medical appointment',
  SCHOOL_APPOINTMENT: 'The child has a school appointment',
  OTHER: 'Another reason',
};

export const CANCELLATION_REASONS = Object.keys(CANCELLATION_REASON) as CancellationReason[];
