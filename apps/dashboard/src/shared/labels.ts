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
  FREE: { label: 'Free', icon: 'free', tone: 'tone-free' },
  OCCUPIED: { label: 'Occupied', icon: 'occupied', tone: 'tone-occupied' },
  NEEDS_TIDYING: { label: 'Needs tidying', icon: 'tidy', tone: 'tone-tidy' },
  OUT_OF_SERVICE: { label: 'Out of service', icon: 'closed', tone: 'tone-closed' },
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

export const WARNING_KIND: Record<RoomWarningKind, string> = {
  PARENT_NOT_ARRIVED: 'Family not arrived',
  SESSION_OVERRUNNING: 'Overrunning',
  TIDY_BEFORE_NEXT_BOOKING: 'Tidy before next family',
  OUT_OF_SERVICE_WITH_BOOKING: 'Booked into a closed room',
};

/** "Poppy A." — children appear on boards and schedules by first name and initial only. */
export function childName(c: { firstName: string; lastInitial: string }): string {
  return `${c.firstName} ${c.lastInitial}.`;
}
