import type { Logger } from '../observability/logger.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import type { EventFilter } from '../realtime/hub.js';
import type { LiveEvent } from '../realtime/live-event.js';
import { writeRows, type AuditedOperation, type LogRow } from './access-log.service.js';

/**
 * What one subscription was given of one child since the last write: the events' topics and cursors. Kept per
 * subscription and child, so that a replay of a hundred events about one child is one row, not a hundred.
 */
interface Given {
  viewer: Viewer;
  operation: AuditedOperation;
  childId: string;
  topics: Set<string>;
  first: string;
  last: string;
  count: number;
}

type Db = Pick<EntityManager, 'config' | 'getConnection'>;

/**
 * The access log of live subscriptions: which viewer was given which child's events (a session's status, a flag
 * raised or acknowledged, and the child's id with them), through which subscription, when.
 *
 * An event is offered to every subscriber's filter in one synchronous pass (and a replay page likewise); each
 * subscriber's filter that passes an event carrying a child notes it here, and the notes of that pass are written
 * as one multi-row insert once the pass and the sends it started are done. One row per subscription, child and
 * pass: the log names every viewer who received a child's data, while the execution shared by a group of
 * subscribers stays one.
 *
 * The rows are written just after the event has gone out, not before: holding every subscriber's event until its
 * row is committed would put a database round trip in front of each live update. A row may so name an event that its
 * socket, closing at that moment, never received; never the other way round. A failed write is reported in the
 * server's log.
 */
export class LiveReadLog {
  private pending = new Map<object, Map<string, Given>>();
  private scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** `filter`, noting every event it passes that carries a child, as given to `viewer` by `operation`. */
  audited(filter: EventFilter, viewer: Viewer, operation: AuditedOperation): EventFilter {
    // The subscription's own key: a filter is made once per subscription. Only the operation's two names are
    // kept, not the document they were worked out from.
    const subscription = {};
    const ran: AuditedOperation = { rootFields: operation.rootFields, clientName: operation.clientName };
    return (e) => {
      if (!filter(e)) return false;
      if (e.childId !== null) this.note(subscription, viewer, ran, e);
      return true;
    };
  }

  private note(subscription: object, viewer: Viewer, operation: AuditedOperation, e: LiveEvent): void {
    let byChild = this.pending.get(subscription);
    if (!byChild) this.pending.set(subscription, (byChild = new Map()));
    const childId = e.childId!;
    const given = byChild.get(childId);
    if (given) {
      given.topics.add(e.topic);
      given.last = e.id;
      given.count += 1;
    } else {
      byChild.set(childId, {
        viewer,
        operation,
        childId,
        topics: new Set([e.topic]),
        first: e.id,
        last: e.id,
        count: 1,
      });
    }
    if (!this.scheduled) {
      this.scheduled = true;
      // After the pass that offered the event to every subscriber, and after the answers it started have gone out
      // (they run as promise callbacks, before this): one insert for all of them.
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    const pending = this.pending;
    this.pending = new Map();
    const rows: LogRow[] = [];
    for (const byChild of pending.values()) {
      for (const g of byChild.values()) {
        rows.push({
          council_id: g.viewer.councilId,
          user_id: g.viewer.userId,
          role: g.viewer.role,
          child_id: g.childId,
          fields: [...g.topics].sort().map((t) => `${t} events`),
          operation: g.operation.rootFields,
          client_operation_name: g.operation.clientName,
          reason:
            g.count === 1
              ? `live event ${g.first} given to a subscription`
              : `${g.count} live events ${g.first}–${g.last} given to a subscription`,
        });
      }
    }
    writeRows(this.db, rows).catch(this.onError);
  }
}

/** One per connection pool, like the access log's writer. */
const logs = new WeakMap<object, LiveReadLog>();

/** The live-read log of the connection pool `em` works on. */
export function liveReadLog(em: Db, logger: Logger): LiveReadLog {
  const connection = em.getConnection();
  let log = logs.get(connection);
  if (!log) {
    log = new LiveReadLog({ config: em.config, getConnection: () => connection }, (err) => {
      logger.error({ err }, 'kinroom: error: live events could not be written to the access log');
    });
    logs.set(connection, log);
  }
  return log;
}
