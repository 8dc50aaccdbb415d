import { AccessLogEntry } from '../access/access-log.entity.js';
import { ChangeLogEntry } from '../audit/change-log.entity.js';
import { ApiKey } from '../auth/api-key.entity.js';
import {
  AgreementParticipant,
  ContactAgreement,
  SuspensionNoticeRecord,
} from '../agreements/agreement.entity.js';
import { Centre, Council } from '../centres/centre.entity.js';
import { Message, MessageCursor } from '../notifications/message.entity.js';
import { Observation, ObservationAmendment } from '../observations/observation.entity.js';
import {
  ParentsCopyEntry,
  ParentsCopyRelease,
  ParentsCopySharing,
  ParentsCopyWithholding,
  ReasonedParentsCopyEntry,
} from '../parents-copy/parents-copy.entity.js';
import { Carer, Child, ChildCase, ChildFamilyMember, FamilyMember } from '../people/child.entity.js';
import { StaffUser } from '../people/staff-user.entity.js';
import { EventRecord } from '../realtime/event.entity.js';
import { Room } from '../rooms/room.entity.js';
import { FlagAcknowledgement, FlagEscalation, SafeguardingFlag } from '../safeguarding/flag.entity.js';
import {
  AbsenceNotice,
  Attendance,
  AttendanceCorrection,
  BookingParts,
  Session,
} from '../sessions/session.entity.js';
import { SessionSeries } from '../sessions/series.entity.js';
import { CouncilOwned } from './base.entity.js';

export const ENTITIES = [
  CouncilOwned,
  Council,
  Centre,
  Room,
  StaffUser,
  Carer,
  Child,
  FamilyMember,
  ChildFamilyMember,
  ChildCase,
  ContactAgreement,
  AgreementParticipant,
  SuspensionNoticeRecord,
  BookingParts,
  Session,
  SessionSeries,
  Attendance,
  AbsenceNotice,
  AttendanceCorrection,
  Observation,
  ObservationAmendment,
  ParentsCopyEntry,
  ReasonedParentsCopyEntry,
  ParentsCopyWithholding,
  ParentsCopyRelease,
  ParentsCopySharing,
  SafeguardingFlag,
  FlagAcknowledgement,
  FlagEscalation,
  EventRecord,
  AccessLogEntry,
  ChangeLogEntry,
  ApiKey,
  Message,
  MessageCursor,
];
