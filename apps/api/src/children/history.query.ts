import {
  evaluateThreeStrikes,
  isNeutralOutcome,
  isOverdue,
  resetsStrikes,
  type AttendanceOutcome,
} from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { logChildReads } from '../access/access-log.service.js';
import { childScopeSql } from '../access/policy.js';
import type { AgreementStatus } from '../agreements/agreement.entity.js';
import type { Viewer } from '../auth/viewer.js';
import { badInput, notFound } from '../common/errors.js';
import type { Loaders } from '../graphql/loaders.js';
import { toObservationType } from '../observations/observation.mapper.js';
import { openCursor, sealCursor, type CursorScope } from './cursor.js';
import type { ChildHistoryConnection, ChildHistoryEntry, ChildHistorySummary } from './history.type.js';
import { HistoryRows, rangeSql, sessionFromJson, type PageRow } from './history.rows.js';
import { selects } from './selection.js';
import { isUuid } from './uuid.js';

export const HISTORY_DEFAULT_PAGE = 20;
export const HISTORY_MAX_PAGE = 50;

/** A stored start in UTC to the microsecond, as the page query writes it: `2026-05-01T16:00:00.123456Z`. */
const STORED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export interface HistoryArgs {
  childId: string;
  from: Date | null;
  to: Date | null;
  first: number;
  after: string | null;
}

interface SummaryRow {
  readable: boolean;
  range_outcomes: AttendanceOutcome[] | null;
  agreement_status: AgreementStatus | null;
  agreement_history: { id: string; starts_at: string; outcome: AttendanceOutcome }[] | null;
  next_session: Record<string, unknown> | null;
}

/**
 * A child's whole contact history in one query (DOMAIN.md rules 8, 9 and 11). Whatever the page size, it costs a
 * fixed number of statements: one that checks the viewer may read the child and works out the summary, one access
 * log row, and one for the page with each session's attendance, observation, amendments and flags folded in.
 */
export class ChildHistoryQuery {
  private readonly rows: HistoryRows;

  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly loaders: Loaders,
    private readonly secret: string,
    private readonly operation: string | null,
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

    const summaryRow = await this.summaryRow(args);
    if (!summaryRow.readable) throw notFound('child');
    await logChildReads(this.em, this.viewer, this.operation ?? 'childHistory', [
      { childId: args.childId, fields: fieldsRead(selected), reason: 'contact history read' },
    ]);

    const wantsObservation =
      selects(selected, 'edges.node.observation') || selects(selected, 'edges.node.report');
    const rows = await this.rows.page({
      childId: args.childId,
      councilId: this.viewer.councilId,
      from: args.from,
      to: args.to,
      before: position ? { startsAt: position[0]!, id: position[1]! } : null,
      limit: args.first + 1,
      observations: wantsObservation,
      flags: selects(selected, 'edges.node.flags'),
    });
    const pageRows = rows.slice(0, args.first);
    const edges = pageRows.map((r) => ({
      cursor: sealCursor(this.secret, scope, [r.position, r.session.id]),
      node: this.entry(r),
    }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > args.first, endCursor: edges.at(-1)?.cursor ?? null },
      summary: this.summary(summaryRow),
    };
  }

  private entry(r: PageRow): ChildHistoryEntry {
    if (r.attendance) this.loaders.attendanceBySession.prime(r.session.id, r.attendance);
    for (const u of r.staff) this.loaders.staff.prime(u.id, u);
    const o = r.observation;
    // The same rule as observation.policy.ts, applied to the whole page at once: the child is already known to
    // be readable, so only the report's status and the manager's centre remain to decide.
    const mayRead =
      o !== null &&
      (o.status === 'final' ||
        (this.viewer.role === 'centre_manager' && this.viewer.centreId === r.session.centreId));
    if (o && mayRead) this.loaders.amendmentsByObservation.prime(o.id, r.amendments);
    return {
      session: r.session,
      attendance: r.attendance,
      report: o
        ? { status: o.status, dueAt: o.dueAt, overdue: o.status !== 'final' && isOverdue(o.dueAt, this.now) }
        : null,
      observation: o && mayRead ? toObservationType(o, r.session.centreId) : null,
      flags: r.flags,
    };
  }

  private async summaryRow(args: HistoryArgs): Promise<SummaryRow> {
    const scope = childScopeSql(this.viewer);
    if (!scope) return { readable: false } as SummaryRow;
    const range = rangeSql('s', args.from, args.to);
    const rows = await this.em.execute<SummaryRow[]>(
      `with current_agreement as (
         select id, status from contact_agreement
          where child_id = ? and council_id = ?
          order by (status in ('active', 'suspended')) desc, signed_at desc nulls last, created_at desc, id desc
          limit 1)
       select
         exists (select 1 from child where id = ? and council_id = ? and id in (${scope.sql})) as readable,
         (select json_agg(a.outcome) from session s join attendance a on a.session_id = s.id
           where s.child_id = ? and s.council_id = ? ${range.sql}) as range_outcomes,
         (select status from current_agreement) as agreement_status,
         (select json_agg(json_build_object('id', s.id, 'starts_at', s.starts_at, 'outcome', a.outcome))
            from session s join attendance a on a.session_id = s.id
           where s.agreement_id = (select id from current_agreement)) as agreement_history,
         (select to_jsonb(s) from session s
           where s.child_id = ? and s.council_id = ? and s.status = 'scheduled' and s.starts_at > ?
           order by s.starts_at, s.id limit 1) as next_session`,
      [
        args.childId,
        this.viewer.councilId,
        args.childId,
        this.viewer.councilId,
        ...scope.params,
        args.childId,
        this.viewer.councilId,
        ...range.params,
        args.childId,
        this.viewer.councilId,
        this.now,
      ],
    );
    return rows[0] ?? ({ readable: false } as SummaryRow);
  }

  private summary(row: SummaryRow): ChildHistorySummary {
    const outcomes = row.range_outcomes ?? [];
    const counted = outcomes.filter((o) => !isNeutralOutcome(o));
    const attended = counted.filter((o) => resetsStrikes(o));
    const verdict = evaluateThreeStrikes(
      (row.agreement_history ?? []).map((h) => ({
        sessionId: h.id,
        scheduledStart: new Date(h.starts_at),
        outcome: h.outcome,
      })),
      this.now,
    );
    return {
      attendanceRate: counted.length === 0 ? null : attended.length / counted.length,
      sessionsCounted: counted.length,
      consecutiveUnexplainedAbsences: verdict.consecutiveUnexplained,
      nextSession: row.next_session ? sessionFromJson(row.next_session) : null,
      activeAgreementStatus: row.agreement_status,
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
    ['flags', selects(selected, 'edges.node.flags')],
    ['summary', selects(selected, 'summary')],
  ];
  const read = parts.filter(([, on]) => on).map(([name]) => name);
  return read.length > 0 ? read : ['sessions'];
}
