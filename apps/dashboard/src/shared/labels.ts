import { ROOM_STATE_LABELS, ROOM_WARNING_KIND_LABELS } from '@kinroom/domain';
import type {
  RoomState,
  RoomWarningKind,
  SessionKind,
  SessionStatus,
  SupervisionLevel,
} from '@kinroom/schema';

/** The icons drawn by StateIcon.vue; each state has text beside it too, never colour or shape alone. */
export type IconName = 'free' | 'occupied' | 'tidy' | 'closed' | 'warning' | 'clock' | 'done' | 'cross';

export interface StateLook {
  label: string;
  icon: IconName;
  /** CSS class carrying the colour; the label and icon carry the meaning. */
  tone: string;
}

export const ROOM_STATE: Record<RoomState, StateLook> = {
  FREE: { label: ROOM_STATE_LABELS.free, icon: 'free', tone: 'tone-free' },
  OCCUPIED: { label: ROOM_STATE_LABELS.occupied, icon: 'occupied', tone: 'tone-occupied' },
  NEEDS_TIDYING: { label: ROOM_STATE_LABELS.needs_tidying, icon: 'tidy', tone: 'tone-tidy' },
  OUT_OF_SERVICE: { label: ROOM_STATE_LABELS.out_of_service, icon: 'closed', tone: 'tone-closed' },
};

/** Board order: what needs a person first. */
export const ROOM_STATE_ORDER: RoomState[] = ['OCCUPIED', 'NEEDS_TIDYING', 'OUT_OF_SERVICE', 'FREE'];

export const SESSION_STATUS: Record<SessionStatus, StateLook> = {
  SCHEDULED: { label: 'Booked', icon: 'clock', tone: 'tone-booked' },
  PARENT_ARRIVED: { label: 'Parent arrived', icon: 'occupied', tone: 'tone-arrived' },
  CHILD_ARRIVED: { label: 'Child arrived', icon: 'occupied', tone: 'tone-arrived' },
  IN_PROGRESS: { label: 'In progress', icon: 'occupied', tone: 'tone-occupied' },
  ENDED: { label: 'Ended', icon: 'done', tone: 'tone-ended' },
  CANCELLED: { label: 'Cancelled', icon: 'cross', tone: 'tone-cancelled' },
  NOT_ATTENDED: { label: 'Not attended', icon: 'warning', tone: 'tone-missed' },
};

/** Statuses in the order a session passes through them (for filters and legends). */
export const SESSION_STATUS_ORDER: SessionStatus[] = [
  'SCHEDULED',
  'PARENT_ARRIVED',
  'CHILD_ARRIVED',
  'IN_PROGRESS',
  'ENDED',
  'CANCELLED',
  'NOT_ATTENDED',
];

export const SUPERVISION_LEVEL: Record<SupervisionLevel, string> = {
  SUPPORTED: 'Supported contact',
  SUPERVISED: 'Supervised contact',
  HIGH_VIGILANCE: 'High vigilance',
};

export const SESSION_KIND: Record<SessionKind, string> = {
  CONTACT: 'Contact session',
  PRE_CONTACT_VISIT: 'Pre-contact visit',
  PLANNING_MEETING: 'Planning meeting',
};

/** The room board's words are the domain's (rooms/room-board.ts), under the schema's names. */
export const WARNING_KIND: Record<RoomWarningKind, string> = {
  PARENT_NOT_ARRIVED: ROOM_WARNING_KIND_LABELS.parent_not_arrived,
  FAMILY_LATE: ROOM_WARNING_KIND_LABELS.family_late,
  CHILD_WAITING: ROOM_WARNING_KIND_LABELS.child_waiting,
  SESSION_OVERRUNNING: ROOM_WARNING_KIND_LABELS.session_overrunning,
  TIDY_BEFORE_NEXT_BOOKING: ROOM_WARNING_KIND_LABELS.tidy_before_next_booking,
  OUT_OF_SERVICE_WITH_BOOKING: ROOM_WARNING_KIND_LABELS.out_of_service_with_booking,
};

/** "Poppy A." — children appear on boards and schedules by first name and initial only. */
export function childName(c: { firstName: string; lastInitial: string }): string {
  return `${c.firstName} ${c.lastInitial}.`;
}
