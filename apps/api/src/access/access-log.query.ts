import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { openCursor, sealCursor, type CursorScope } from '../children/cursor.js';
import { badInput } from '../common/errors.js';
import type { StaffRole } from '../people/staff-user.entity.js';
import type { AccessLogConnection } from './access-log.type.js';

export const ACCESS_LOG_DEFAULT_PAGE = 50;
export const ACCESS_LOG_MAX_PAGE = 200;

export interface AccessLogArgs {
  childId: string | null;
  userId: string | null;
  first: number;
  after: string | null;
}

/** The access log of the viewer's council, newest first, for an admin or auditor. Read-only by design. */
export class AccessLogQuery {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly secret: string,
  ) {}

  async page(args: AccessLogArgs): Promise<AccessLogConnection> {
    if (!Number.isInteger(args.first) || args.first < 1 || args.first > ACCESS_LOG_MAX_PAGE) {
      throw badInput(`first must be from 1 to ${ACCESS_LOG_MAX_PAGE}.`, { field: 'first' });
    }
    const scope: CursorScope = {
      purpose: 'access-log',
      bound: [this.viewer.councilId, args.childId ?? '', args.userId ?? ''],
    };
    const position = args.after ? openCursor(this.secret, scope, args.after) : null;
    const before = position?.[0];
    if (position && (position.length !== 1 || !/^\d{1,19}$/.test(before ?? '')))
      throw badInput('Malformed cursor.');
    const rows = await this.em.execute<
      {
        id: string;
        at: Date;
        user_id: string | null;
        role: StaffRole;
        child_id: string | null;
        fields: string[];
        operation: string | null;
        client_operation_name: string | null;
        reason: string;
      }[]
    >(
      `select id::text, at, user_id, role, child_id, fields, operation, client_operation_name, reason
         from access_log
        where council_id = ?
          ${args.childId ? 'and child_id = ?' : ''}
          ${args.userId ? 'and user_id = ?' : ''}
          ${before ? 'and id < ?::bigint' : ''}
        order by access_log.id desc
        limit ?`,
      [
        this.viewer.councilId,
        ...(args.childId ? [args.childId] : []),
        ...(args.userId ? [args.userId] : []),
        ...(before ? [before] : []),
        args.first + 1,
      ],
    );
    const edges = rows.slice(0, args.first).map((r) => ({
      cursor: sealCursor(this.secret, scope, [r.id]),
      node: {
        id: r.id,
        at: new Date(r.at),
        userId: r.user_id,
        role: r.role,
        childId: r.child_id,
        fields: r.fields,
        operation: r.operation,
        clientOperationName: r.client_operation_name,
        reason: r.reason,
      },
    }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > args.first, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }
}
