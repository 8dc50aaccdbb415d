import { registerEnumType } from 'type-graphql';
import { domainEnum } from '../graphql/enums.js';
import { ROOM_STATES, ROOM_WARNING_KINDS } from '@kinroom/domain';
import type { RoomCondition } from './room.entity.js';

export const ROOM_CONDITIONS: readonly RoomCondition[] = ['ready', 'needs_tidying', 'out_of_service'];

export const RoomConditionEnum = domainEnum(ROOM_CONDITIONS);
registerEnumType(RoomConditionEnum, {
  name: 'RoomCondition',
  description:
    'What staff say about a room. Whether it is occupied is not a condition: it follows from the sessions in it.',
  valuesConfig: {
    READY: { description: 'Tidied and ready for the next family.' },
    NEEDS_TIDYING: { description: 'Used since it was last tidied; set automatically when a session ends.' },
    OUT_OF_SERVICE: { description: 'Not to be used (a fault, a repair); no session can be booked into it.' },
  },
});

export const RoomStateEnum = domainEnum(ROOM_STATES);
registerEnumType(RoomStateEnum, {
  name: 'RoomState',
  description:
    'A room’s live state on the board, at the board’s moment. Out of service wins over occupied, occupied over needs tidying.',
  valuesConfig: {
    FREE: { description: 'Ready, and no family is in it.' },
    OCCUPIED: {
      description: 'A session holds it: from the family member’s arrival until the session ends.',
    },
    NEEDS_TIDYING: { description: 'Nobody is in it, but it must be tidied before the next family.' },
    OUT_OF_SERVICE: { description: 'Staff have taken it out of service.' },
  },
});

export const RoomWarningKindEnum = domainEnum(ROOM_WARNING_KINDS);
registerEnumType(RoomWarningKindEnum, {
  name: 'RoomWarningKind',
  description: 'Something on the room board a centre manager must act on.',
  valuesConfig: {
    PARENT_NOT_ARRIVED: {
      description:
        'The child is due (from 5 minutes before the start) and the visiting family member has not arrived.',
    },
    FAMILY_LATE: {
      description:
        'Nobody from the family has been checked in and the grace period for lateness after the child’s start (15 minutes, docs/domain.md rule 8) has run out.',
    },
    CHILD_WAITING: {
      description:
        'The child has been checked in but contact has not started 10 minutes after the later of the start and the child’s arrival.',
    },
    SESSION_OVERRUNNING: { description: 'Contact is still in progress after its scheduled end.' },
    TIDY_BEFORE_NEXT_BOOKING: {
      description:
        'The room needs tidying and its next family arrives within the booking’s turnover gap (or is already due).',
    },
    OUT_OF_SERVICE_WITH_BOOKING: {
      description:
        'A child is booked into, or is in, a room that is out of service: the session must be moved.',
    },
  },
});
