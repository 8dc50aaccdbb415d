import type { EntityManager } from '@mikro-orm/postgresql';
import { assertAdministers } from '../access/index.js';
import type { Viewer } from '../auth/viewer.js';
import { openCursor, sealCursor, type CursorScope } from '../children/cursor.js';
import { badInput, notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import type { ChangeVia, FieldChanges } from './change-log.entity.js';
import type { ChangeLogConnection, FieldChange } from './change-log.type.js';

export const CHANGE_LOG_DEFAULT_PAGE = 50;
export const CHANGE_LOG_MAX_PAGE = 200;

export interface ChangeLogArgs {
  recordId: string | null;
  first: number;
  after: string | null;
}

/** The change log of the viewer's council, newest first, for its admins; of one record when named. */
export class ChangeLogQuery {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly secret: string,
  ) {
    assertAdministers(viewer);
  }

  async page(args: ChangeLogArgs): Promise<ChangeLogConnection> {
    if (!Number.isInteger(args.first) || args.first < 1 || args.first > CHANGE_LOG_MAX_PAGE) {
      throw badInput(`first must be from 1 to ${CHANGE_LOG_MAX_PAGE}.`, { field: 'first' });
    }
    if (args.recordId !== null && !isUuid(args.recordId)) throw notFound('record');
    const scope: CursorScope = { purpose: 'change-log', bound: [this.viewer.councilId, args.recordId ?? ''] };
    const position = args.after ? openCursor(this.secret, scope, args.after) : null;
    const before = position?.[0];
    if (position && (position.length !== 1 || !/^\d{1,19}$/.test(before ?? ''))) {
      throw badInput('Malformed cursor.', { field: 'after' });
    }
    const rows = await this.em.execute<
      {
        id: string;
        at: Date;
        changed_by_id: string | null;
        record_type: string;
        record_id: string;
        action: string;
        via: ChangeVia;
        changes: FieldChanges;
      }[]
    >(
      `select id::text, at, changed_by_id, record_type, record_id, action, via, changes
         from change_log
        where council_id = ?
          ${args.recordId ? 'and record_id = ?' : ''}
          ${before ? 'and id < ?::bigint' : ''}
        order by change_log.id desc
        limit ?`,
      [
        this.viewer.councilId,
        ...(args.recordId ? [args.recordId] : []),
        ...(before ? [before] : []),
        args.first + 1,
      ],
    );
    const edges = rows.slice(0, args.first).map((r) => ({
      cursor: sealCursor(this.secret, scope, [r.id]),
      node: {
        id: r.id,
        at: new Date(r.at),
        changedById: r.changed_by_id,
        recordType: r.record_type,
        recordId: r.record_id,
        action: r.action,
        via: r.via,
        changes: fieldList(r.changes),
      },
    }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > args.first, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }
}

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function fieldList(changes: FieldChanges): FieldChange[] {
  return Object.entries(changes ?? {}).map(([field, pair]) => ({
    field,
    before: json(pair?.[0]),
    after: json(pair?.[1]),
  }));
}
