import {
  evaluateThreeStrikes,
  isOverdue,
  isReportOverdue,
  reportDueFor,
  reportRequired,
  type BankHolidayNation,
} from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { logChildReads, type AuditedOperation } from '../access/access-log.service.js';
import { historyShowsObservation } from '../access/index.js';
import type { Viewer } from '../auth/viewer.js';
import { councilNation } from '../centres/council-nation.js';
import { badInput, notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import type { Loaders } from '../graphql/loaders.js';
import { toObservationType } from '../observations/observation.mapper.js';
import type { KnownStaff } from '../observations/observation.type.js';
import { openCursor, sealCursor, type CursorScope } from './cursor.js';
import type { ChildHistoryConnection, ChildHistoryEntry, ChildHistorySummary } from './history.type.js';
import { readBeyondSessions, type HistoryBeyondSessions } from './history.agreements.js';
import {
  ATTENDANCE_COLUMNS,
  HistoryRows,
  OBSERVATION_COLUMNS,
  SESSION_COLUMNS,
  type HistoryRequest,
  type HistorySummaryRows,
  type PageRow,
} from './history.rows.js';
import type { ObservationAmendment } from '../observations/observation.entity.js';
import { fieldsUnder, selects } from './selection.js';

export const HISTORY_DEFAULT_PAGE = 20;
export const HISTORY_MAX_PAGE = 50;
/** Sessions read per statement when the whole of a range is read at once (a court bundle). */
const WHOLE_RANGE_BATCH = 200;

/** A child's whole history over a range, every part of it, as `ChildHistoryQuery.whole` reads it. */
export interface WholeHistory {
  /** Every session in the range, newest first, with what the viewer may see of it. */
  entries: { entry: ChildHistoryEntry; amendments: ObservationAmendment[] }[];
  /** Everyone who wrote, reviewed or amended a record shown. */
  staff: ReadonlyMap<string, KnownStaff>;
  beyond: HistoryBeyondSessions;
}

/** A stored start in UTC to the microsecond, as the page query writes it: `2026-05-01T16:00:00.123456Z`. */
const STORED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export interface HistoryArgs {
  childId: string;
  from: Date | null;
  to: Date | null;
  first: number;
  after: string | null;
}

/**
 * A child's whole contact history in one query (docs/domain.md rules 8, 9 and 11). Whatever the page size, it costs two
 * statements: one (history.rows.ts) checks the viewer may read the child, works out what the summary needs (when it
 * is asked for) and reads the page with each session's attendance, observation, amendments and flags folded in; then
 * the access-log row, written before anything is answered.
 */
export class ChildHistoryQuery {
  private readonly rows: HistoryRows;

  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly loaders: Loaders,
    private readonly secret: string,
    private readonly operation: AuditedOperation,
    private readonly now: Date,
  ) {
    this.rows = new HistoryRows(em);
  }

  async page(args: HistoryArgs, selected: ReadonlySet<string>): Promise<ChildHistoryConnection> {
    if (!Number.isInteger(args.first) || args.first < 1 || args.first > HISTORY_MAX_PAGE) {
      throw badInput(`first must be from 1 to ${HISTORY_MAX_PAGE}.`, { field: 'first' });
    }
    if (args.from && args.to && args.from >= args.to) {
      throw badInput('`from` must be before `to`.', { field: 'from' });
    }
    const scope: CursorScope = { purpose: 'child-history', bound: [args.childId, this.viewer.councilId] };
    // The cursor is checked before anything is read, so a foreign cursor says nothing about any child.
    const position = args.after ? openCursor(this.secret, scope, args.after) : null;
    if (position && (position.length !== 2 || !STORED_INSTANT.test(position[0]!) || !isUuid(position[1]!))) {
      throw badInput('Malformed cursor.', { field: 'after' });
    }
    if (!isUuid(args.childId)) throw notFound('child');

    // The report shows a record's status and due date whether or not the record itself may be read.
    const showsObservation = selects(selected, 'edges.node.observation');
    const observationFields = showsObservation
      ? fieldsUnder(selected, 'edges.node.observation')
      : selects(selected, 'edges.node.report')
        ? []
        : null;
    const read = await this.rows.read({
      viewer: this.viewer,
      childId: args.childId,
      from: args.from,
      to: args.to,
      before: position ? { startsAt: position[0]!, id: position[1]! } : null,
      limit: args.first + 1,
      session: SESSION_COLUMNS.forFields(fieldsUnder(selected, 'edges.node.session')),
      attendance: ATTENDANCE_COLUMNS.forFields([
        ...fieldsUnder(selected, 'edges.node.attendance'),
        ...fieldsUnder(selected, 'edges.node.session.attendance'),
      ]),
      observations: observationFields && OBSERVATION_COLUMNS.forFields(observationFields),
      flags: selects(selected, 'edges.node.flags'),
      owing: selects(selected, 'edges.node.report'),
      summary: selects(selected, 'summary'),
      now: this.now,
    });
    if (!read) throw notFound('child');
    const wantsAgreements = selects(selected, 'agreements') || selects(selected, 'agreementEvents');
    const wantsLooseFlags = selects(selected, 'flagsOutsideSessions');
    const beyond =
      wantsAgreements || wantsLooseFlags
        ? await readBeyondSessions(this.em, this.loaders, {
            viewer: this.viewer,
            childId: args.childId,
            from: args.from,
            to: args.to,
            agreements: wantsAgreements,
            flags: wantsLooseFlags,
          })
        : null;
    await logChildReads(this.em, this.viewer, this.operation, [
      { childId: args.childId, fields: fieldsRead(selected), reason: 'contact history read' },
    ]);
    const rows = read.rows;
    // A report nobody started is due by the council's working days.
    const nation = selects(selected, 'edges.node.report')
      ? await councilNation(this.em, this.viewer.councilId)
      : null;
    const staff = new Map(read.staff.map((u) => [u.id, u]));
    const secret = this.secret;
    // Cursors are sealed only when read: a page that shows no cursor (or only where it ends) seals none (or one).
    const edges = rows.slice(0, args.first).map((r) => {
      let cursor: string | undefined;
      return {
        // Sealed once, so that `endCursor` is the last entry's cursor, character for character.
        get cursor() {
          return (cursor ??= sealCursor(secret, scope, [r.position, r.session.id]));
        },
        node: this.entry(r, staff, showsObservation, nation),
      };
    });
    const summary = read.summary ? this.summary(read.summary) : null;
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > args.first,
        get endCursor() {
          return edges.at(-1)?.cursor ?? null;
        },
      },
      // Worked out only when the operation selects it (selects() counts a field under @skip/@include as selected),
      // so it cannot be read without having been worked out; reading it then would be a defect, not zeros, and is
      // answered as the field's error (an Error value, not a throw: see RowColumns).
      get summary(): ChildHistorySummary {
        return summary ?? (new Error('The history summary was read without being selected.') as never);
      },
      agreements: beyond?.agreements ?? [],
      agreementEvents: beyond?.events ?? [],
      flagsOutsideSessions: beyond?.flags ?? [],
      about: { childId: args.childId, from: args.from, to: args.to },
    };
  }

  /**
   * Everything of a child's history over a range, for a reader who needs all of it at once (a court bundle): every
   * session with its attendance, observation record (as `page` shows it to this viewer), amendments and flags, the
   * agreements' life and the flags raised outside any session. Read in batches down the same statement as a page;
   * null when the viewer may not read the child. It writes nothing to the access log: the caller logs what it makes.
   */
  async whole(childId: string, from: Date, to: Date): Promise<WholeHistory | null> {
    if (!isUuid(childId)) return null;
    const request: HistoryRequest = {
      viewer: this.viewer,
      childId,
      from,
      to,
      before: null,
      limit: WHOLE_RANGE_BATCH,
      session: SESSION_COLUMNS.all,
      attendance: ATTENDANCE_COLUMNS.all,
      observations: OBSERVATION_COLUMNS.all,
      flags: true,
      owing: true,
      summary: false,
      now: this.now,
    };
    const entries: WholeHistory['entries'] = [];
    const staff = new Map<string, KnownStaff>();
    const nation = await councilNation(this.em, this.viewer.councilId);
    for (;;) {
      const read = await this.rows.read(request);
      if (!read) return null;
      for (const u of read.staff) staff.set(u.id, u);
      for (const r of read.rows) {
        const entry = this.entry(r, staff, true, nation);
        entries.push({ entry, amendments: entry.observation ? r.amendments : [] });
      }
      const last = read.rows.at(-1);
      if (!last || read.rows.length < WHOLE_RANGE_BATCH) break;
      request.before = { startsAt: last.position, id: last.session.id };
    }
    const beyond = await readBeyondSessions(this.em, this.loaders, {
      viewer: this.viewer,
      childId,
      from,
      to,
      agreements: true,
      flags: true,
    });
    return { entries, staff, beyond };
  }

  private entry(
    r: PageRow,
    staff: ReadonlyMap<string, KnownStaff>,
    showsObservation: boolean,
    nation: BankHolidayNation | null,
  ): ChildHistoryEntry {
    if (r.attendance) this.loaders.attendanceBySession.prime(r.session.id, r.attendance);
    const o = r.observation;
    // The child is already known to be readable: only the report's status and the manager's centre remain.
    const mayRead = o !== null && historyShowsObservation(this.viewer, o, r.session.centreId);
    return {
      session: r.session,
      attendance: r.attendance,
      report: o
        ? { status: o.status, dueAt: o.dueAt, overdue: o.status !== 'final' && isOverdue(o.dueAt, this.now) }
        : r.owing && nation && reportRequired(r.owing)
          ? // Owed but nobody started it: due and overdue as the caseload's overdue list counts it (rule 9).
            {
              status: null,
              dueAt: reportDueFor(r.owing, nation),
              overdue: isReportOverdue(r.owing, null, this.now, nation),
            }
          : null,
      observation:
        o && mayRead && showsObservation
          ? toObservationType(o, r.session.centreId, {
              amendments: r.amendments,
              staff,
            })
          : null,
      flags: r.flags,
    };
  }

  private summary(rows: HistorySummaryRows): ChildHistorySummary {
    const verdict = evaluateThreeStrikes(
      rows.agreementRun.map((h) => ({ sessionId: h.id, scheduledStart: h.startsAt, outcome: h.outcome })),
      this.now,
    );
    return {
      attendanceRate: rows.counted === 0 ? null : rows.attended / rows.counted,
      sessionsCounted: rows.counted,
      consecutiveUnexplainedAbsences: verdict.consecutiveUnexplained,
      nextSession: rows.nextSession,
      activeAgreementStatus: rows.agreementStatus,
    };
  }
}

/** Which parts of the record the query read, for the access log. */
function fieldsRead(selected: ReadonlySet<string>): string[] {
  const parts: [string, boolean][] = [
    ['sessions', selects(selected, 'edges') || selects(selected, 'pageInfo')],
    [
      'attendance',
      selects(selected, 'edges.node.attendance') || selects(selected, 'edges.node.session.attendance'),
    ],
    ['observations', selects(selected, 'edges.node.observation') || selects(selected, 'edges.node.report')],
    ['amendments', selects(selected, 'edges.node.observation.amendments')],
    ['flags', selects(selected, 'edges.node.flags') || selects(selected, 'flagsOutsideSessions')],
    ['summary', selects(selected, 'summary')],
    ['agreements', selects(selected, 'agreements') || selects(selected, 'agreementEvents')],
  ];
  const read = parts.filter(([, on]) => on).map(([name]) => name);
  return read.length > 0 ? read : ['sessions'];
}
