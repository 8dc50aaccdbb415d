import type { BuildSchemaOptions } from 'type-graphql';
import { SystemResolver } from '../system/system.resolver.js';
import { AuthResolver } from '../auth/auth.resolver.js';
import { ApiKeyResolver } from '../auth/api-key.resolver.js';
import { SessionResolver } from '../sessions/session.resolver.js';
import { SessionFieldsResolver } from '../sessions/session.fields.resolver.js';
import { SeriesResolver } from '../sessions/series.resolver.js';
import { SeriesFieldsResolver } from '../sessions/series.fields.resolver.js';
import { SlotsResolver } from '../sessions/slots.resolver.js';
import { CentreAgreementsResolver } from '../agreements/centre-agreements.resolver.js';
import {
  AbsenceNoticeFieldsResolver,
  AttendanceCorrectionFieldsResolver,
  AttendanceResolver,
  BoardSessionNoticesResolver,
} from '../sessions/attendance.resolver.js';
import { SubscriptionsResolver } from '../realtime/subscriptions.resolver.js';
import { CentreResolver } from '../centres/centre.resolver.js';
import { RoomResolver } from '../rooms/room.resolver.js';
import { ObservationResolver } from '../observations/observation.resolver.js';
import { OverdueResolver } from '../observations/overdue.resolver.js';
import { ParentsCopyResolver } from '../parents-copy/parents-copy.resolver.js';
import {
  ObservationAmendmentFieldsResolver,
  ObservationFieldsResolver,
} from '../observations/observation.fields.resolver.js';
import { FlagResolver } from '../safeguarding/flag.resolver.js';
import { SiteAlertResolver } from '../safeguarding/site-alert.resolver.js';
import {
  FlagAcknowledgementFieldsResolver,
  FlagEscalationFieldsResolver,
  FlagFieldsResolver,
} from '../safeguarding/flag.fields.resolver.js';
import { AgreementResolver } from '../agreements/agreement.resolver.js';
import { SuspensionMeetingResolver } from '../agreements/suspension-meeting.resolver.js';
import { ChildResolver, OverdueReportFieldsResolver } from '../children/child.resolver.js';
import { AccessLogResolver } from '../access/access-log.resolver.js';
import { RecordsResolver } from '../records/records.resolver.js';
import { ChangesResolver } from '../records/changes.resolver.js';
import { FindResolver } from '../records/find.resolver.js';
import { ImportResolver } from '../import/import.resolver.js';
import { CentreAdminResolver } from '../admin/admin.resolver.js';
import { StaffAdminResolver } from '../admin/staff.resolver.js';
import { ChangeLogResolver } from '../audit/change-log.resolver.js';
import { FiguresResolver } from '../figures/figures.resolver.js';
import { DeskResolver } from '../desk/desk.resolver.js';
import {
  HistoryMessagesResolver,
  MessageResolver,
  SessionMessagesResolver,
} from '../notifications/message.resolver.js';
import { CouncilMessagingResolver } from '../admin/council-messaging.resolver.js';
import { CouncilHolidaysResolver } from '../admin/council-holidays.resolver.js';

/** Every resolver of the API. A feature adds its resolvers here, one line each. */
export const RESOLVERS: BuildSchemaOptions['resolvers'] = [
  SystemResolver,
  AuthResolver,
  ApiKeyResolver,
  SessionResolver,
  SessionFieldsResolver,
  SeriesResolver,
  SeriesFieldsResolver,
  SlotsResolver,
  CentreAgreementsResolver,
  AttendanceResolver,
  AbsenceNoticeFieldsResolver,
  AttendanceCorrectionFieldsResolver,
  BoardSessionNoticesResolver,
  SubscriptionsResolver,
  CentreResolver,
  RoomResolver,
  ObservationResolver,
  OverdueResolver,
  ParentsCopyResolver,
  ObservationFieldsResolver,
  ObservationAmendmentFieldsResolver,
  FlagResolver,
  SiteAlertResolver,
  FlagFieldsResolver,
  FlagAcknowledgementFieldsResolver,
  FlagEscalationFieldsResolver,
  AgreementResolver,
  SuspensionMeetingResolver,
  ChildResolver,
  OverdueReportFieldsResolver,
  AccessLogResolver,
  RecordsResolver,
  ChangesResolver,
  FindResolver,
  ImportResolver,
  CentreAdminResolver,
  StaffAdminResolver,
  ChangeLogResolver,
  FiguresResolver,
  DeskResolver,
  MessageResolver,
  SessionMessagesResolver,
  HistoryMessagesResolver,
  CouncilMessagingResolver,
  CouncilHolidaysResolver,
];
