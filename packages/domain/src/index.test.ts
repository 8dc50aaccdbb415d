import { describe, expect, it } from 'vitest';
import * as domain from './index.js';

// The names the API, the dashboard and the bench build against. Removing or renaming one breaks them.
const REQUIRED = [
  'SESSION_STATUSES',
  'SESSION_EVENTS',
  'CANCELLATION_REASONS',
  'SESSION_KINDS',
  'transitionSession',
  'isTerminal',
  'occupiesRoom',
  'ATTENDANCE_OUTCOMES',
  'LATENESS_GRACE_MINUTES',
  'classifyAttendance',
  'noticeExplainsAbsence',
  'checkAttendanceCorrection',
  'CORRECTABLE_OUTCOMES',
  'countsAsStrike',
  'resetsStrikes',
  'STRIKES_TO_SUSPEND',
  'evaluateThreeStrikes',
  'RISK_FACTORS',
  'RISK_FACTOR_LABELS',
  'SUPERVISION_LEVELS',
  'supervisionLevelFor',
  'isLevelAtLeast',
  'observationsRequired',
  'CENTRE_TIME_ZONE',
  'londonParts',
  'londonDateKey',
  'fromLondon',
  'formatLondonDate',
  'formatLondonDateTime',
  'overlaps',
  'durationMinutes',
  'TURNOVER_GAP_MINUTES',
  'STAGGER_MINUTES',
  'DEFAULT_OPENING_HOURS',
  'stagger',
  'roomOccupancy',
  'SCHEDULE_VIOLATION_CODES',
  'checkSchedule',
  'supervisorContinuity',
  'OBSERVATION_STATUSES',
  'OBSERVATION_SECTIONS',
  'transitionObservation',
  'validateObservationForSubmit',
  'reportDueDate',
  'bankHolidays',
  'BANK_HOLIDAY_NATIONS',
  'isWorkingDay',
  'isOverdue',
  'reportRequired',
  'reportDueFor',
  'isReportOverdue',
  'FLAG_SEVERITIES',
  'FLAG_CATEGORIES',
  'FLAG_STATUSES',
  'acknowledgementDeadline',
  'transitionFlag',
  'needsEscalation',
  'retentionDate',
  'mayDelete',
  'computeRoomBoard',
  'sessionStatusAt',
  'ROOM_STATES',
  'ROOM_WARNING_KINDS',
  'sinceLastReset',
  'STRIKES_WORDING',
  'nextSessionSteps',
  'sessionStepsOpenText',
  'attendanceInWords',
  'contactHasStarted',
  'secondStaffRequired',
  'londonMinuteOfDay',
  'londonClockOnDay',
] as const;

describe('package entry point', () => {
  it.each(REQUIRED)('exports %s', (name) => {
    expect(domain[name]).toBeDefined();
  });

  it('has no default export', () => {
    expect('default' in domain).toBe(false);
  });

  it('uses Europe/London', () => {
    expect(domain.CENTRE_TIME_ZONE).toBe('Europe/London');
  });
});
