import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { logChildReads, type AuditedOperation } from '../access/access-log.service.js';
import { MESSAGE_SUBJECT_JOINS, messagesSeenSql, sessionSeenSql } from '../access/index.js';
import type { Viewer } from '../auth/viewer.js';
import { listLoader } from '../db/list-loader.js';
import type { RecipientKind, ContactChannel } from './contact.js';
import type { MessageStatus, NotSentReason } from './message.entity.js';
import type { MessagePurpose } from './purposes.js';
import type { MessageType } from './message.type.js';
import { Session } from '../sessions/session.entity.js';

/** A message as the API shows it, with whether the viewer also sees the session it is about. */
export type MessageRow = MessageType & { sessionSeen: boolean };

interface MessageDbRow {
  id: string;
  purpose: MessagePurpose;
  channel: ContactChannel;
  status: MessageStatus;
  not_sent_reason: NotSentReason | null;
  attempts: number;
  last_error: string | null;
  planned_at: Date;
  sent_at: Date | null;
  delivered_at: Date | null;
  failed_at: Date | null;
  session_id: string | null;
  child_id: string | null;
  recipient_kind: RecipientKind;
  recipient_name: string | null;
  session_seen: boolean;
}

/**
 * The statement that lists messages the viewer sees (`messagesSeenSql`), with each recipient named as the product
 * words it: a family member's or staff member's name, the carer never (their row is not even joined). `where` is
 * the caller's condition on the message `m`, whose parameters come first: `params` adds the viewer's after them.
 * Null for a viewer who sees no message.
 */
export function messagesStatement(
  viewer: Viewer,
  where: string,
  tail = 'order by m.planned_at, m.id',
): { sql: string; params: () => unknown[] } | null {
  const seen = messagesSeenSql(viewer);
  const session = sessionSeenSql(viewer, 's');
  if (!seen || !session) return null;
  return {
    sql: `with asked as (select * from message m where ${where})
          select m.id, m.purpose, m.channel, m.status, m.not_sent_reason, m.attempts, m.last_error, m.planned_at,
                 m.sent_at, m.delivered_at, m.failed_at, m.session_id, m.child_id, m.recipient_kind,
                 case m.recipient_kind when 'family_member' then fm.first_name || ' ' || fm.last_name
                                       when 'staff' then su.name
                                       when 'reviewing_officer' then cc.reviewing_officer_name end as recipient_name,
                 coalesce(${session.sql}, false) as session_seen
            from asked m
            ${MESSAGE_SUBJECT_JOINS}
            left join family_member fm on m.recipient_kind = 'family_member' and fm.id = m.recipient_id
            left join staff_user su on m.recipient_kind = 'staff' and su.id = m.recipient_id
            left join child_case cc on m.recipient_kind = 'reviewing_officer' and cc.id = m.recipient_id
           where ${seen.sql}
           ${tail}`,
    params: () => [...session.params, ...seen.params],
  };
}

export function toMessageRow(r: MessageDbRow): MessageRow {
  return {
    id: r.id,
    purpose: r.purpose,
    channel: r.channel,
    status: r.status,
    notSentReason: r.not_sent_reason,
    attempts: r.attempts,
    lastError: r.last_error,
    plannedAt: new Date(r.planned_at),
    sentAt: r.sent_at && new Date(r.sent_at),
    deliveredAt: r.delivered_at && new Date(r.delivered_at),
    failedAt: r.failed_at && new Date(r.failed_at),
    sessionId: r.session_id,
    childId: r.child_id,
    recipient: { kind: r.recipient_kind, name: r.recipient_kind === 'carer' ? null : r.recipient_name },
    sessionSeen: r.session_seen,
  };
}

/** A message's record names its child: every read is written to the access log, once per child. */
export function logMessageReads(
  em: EntityManager,
  viewer: Viewer,
  operation: AuditedOperation,
  messages: readonly MessageRow[],
): Promise<void> {
  const children = [...new Set(messages.flatMap((m) => (m.childId ? [m.childId] : [])))];
  return logChildReads(
    em,
    viewer,
    operation,
    children.map((childId) => ({ childId, fields: ['messages'], reason: 'messages read' })),
  );
}

/**
 * A session's messages the viewer sees, oldest first: one statement for however many sessions an operation shows (a
 * day's schedule, a page of a child's history), and one access-log write for the children they name.
 */
function messagesBySession(
  em: EntityManager,
  viewer: Viewer,
  operation: AuditedOperation,
): DataLoader<string, MessageRow[]> {
  const statement = messagesStatement(viewer, 'm.session_id in (?) and m.council_id = ?');
  if (!statement) return new DataLoader(async (ids) => ids.map(() => []));
  const lists = listLoader<MessageDbRow, MessageRow>(
    em,
    () => viewer.councilId,
    statement.sql,
    (r) => r.session_id!,
    toMessageRow,
    statement.params,
  );
  return new DataLoader(async (ids) => {
    const found = await Promise.all(ids.map((id) => lists.load(id)));
    await logMessageReads(em, viewer, operation, found.flat());
    return found;
  });
}

export interface MessageLoaders {
  bySession: DataLoader<string, MessageRow[]>;
  /** A message's session, once the message says the viewer sees it (`sessionSeen`). */
  session: DataLoader<string, Session | null>;
}

/** Per operation, made when first asked for: the viewer and the operation are the access log's. */
const perOperation = new WeakMap<object, MessageLoaders>();

export function messageLoaders(ctx: {
  em: EntityManager;
  viewer: Viewer;
  operation: AuditedOperation;
  loaders: object;
}): MessageLoaders {
  let loaders = perOperation.get(ctx.loaders);
  if (!loaders) {
    const { em, viewer } = ctx;
    loaders = {
      bySession: messagesBySession(em, viewer, ctx.operation),
      session: new DataLoader(async (ids) => {
        const found = await em.find(Session, { id: { $in: [...ids] }, councilId: viewer.councilId });
        const byId = new Map(found.map((s) => [s.id, s]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
    };
    perOperation.set(ctx.loaders, loaders);
  }
  return loaders;
}
