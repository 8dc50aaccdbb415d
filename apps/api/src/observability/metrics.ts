import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Orm } from '../db/orm.js';
import type { Transport } from '../graphql/pipeline.js';
import type { EventStream, PoolUse } from '../realtime/event-stream.js';
import type { SubscriptionHub } from '../realtime/hub.js';

/** The label of an operation whose name is not a trusted document's: names are the client's to choose. */
export const OTHER_OPERATION = 'other';

/** What the gauges are read from at scrape time. */
export interface MetricSources {
  orm: Orm;
  events: EventStream;
  hub: SubscriptionHub;
  /** WebSockets open in this process. */
  openSockets(): number;
}

/**
 * One server's metrics, in a registry of its own (a process may run several servers, as the tests do). Operations
 * are counted and timed where every one passes, the operation pipeline, at the cost of a few additions each; what
 * the database knows (the outbox's newest event, the messages waiting) is read with one statement per scrape.
 */
export class KinroomMetrics {
  readonly registry = new Registry();
  private readonly operations: Counter<'transport' | 'operation' | 'outcome'>;
  private readonly latency: Histogram<'transport' | 'operation'>;
  private readonly gauges: ReturnType<typeof sourceGauges>;
  private sources: MetricSources | null = null;

  /** `operationNames`: the trusted documents' operation names, the only ones used as label values. */
  constructor(private readonly operationNames: ReadonlySet<string>) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'kinroom_' });
    this.operations = new Counter({
      name: 'kinroom_graphql_operations_total',
      help: 'GraphQL operations answered, by transport, operation (a trusted document, or "other") and outcome (ok or error).',
      labelNames: ['transport', 'operation', 'outcome'],
      registers,
    });
    this.latency = new Histogram({
      name: 'kinroom_graphql_operation_seconds',
      help: 'Time to answer a GraphQL operation (for a subscription: to set it up), by transport and operation.',
      labelNames: ['transport', 'operation'],
      registers,
    });
    this.gauges = sourceGauges(registers);
  }

  /** The label an operation is counted under: its name when a trusted document has it, otherwise "other". */
  label(name: string | null | undefined): string {
    return name && this.operationNames.has(name) ? name : OTHER_OPERATION;
  }

  /** One operation answered. */
  observe(transport: Transport, operation: string, seconds: number, failed: boolean): void {
    this.operations.inc({ transport, operation, outcome: failed ? 'error' : 'ok' });
    this.latency.observe({ transport, operation }, seconds);
  }

  watch(sources: MetricSources): void {
    this.sources = sources;
  }

  /** The metrics in Prometheus's text format, the gauges read now. */
  async scrape(): Promise<string> {
    if (this.sources) await this.read(this.sources);
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private async read({ orm, events, hub, openSockets }: MetricSources): Promise<void> {
    const g = this.gauges;
    g.sockets.set(openSockets());
    g.subscriptions.set(hub.size);
    g.listening.set(events.listening ? 1 : 0);
    g.reads.reset();
    g.reads.inc(events.readStatements);
    const pool = (name: string, use: PoolUse) => {
      g.poolConnections.set({ pool: name, state: 'idle' }, use.idle);
      g.poolConnections.set({ pool: name, state: 'busy' }, use.total - use.idle);
      g.poolWaiting.set({ pool: name }, use.waiting);
    };
    pool('events', events.poolUse());
    try {
      const connection = orm.em.getConnection();
      const orms = await connection.getNativeClient();
      pool('orm', { total: orms.totalCount, idle: orms.idleCount, waiting: orms.waitingCount });
      const [row] = await connection.execute<{ newest: string; queued: number; sending: number }[]>(
        `select (select coalesce(max(id), 0) from event)::text as newest,
                count(*) filter (where status = 'queued')::int as queued,
                count(*) filter (where status = 'sending')::int as sending
           from message where status in ('queued', 'sending')`,
      );
      g.lag.set(Number(BigInt(row!.newest) - BigInt(events.cursor)));
      g.messages.set({ status: 'queued' }, row!.queued);
      g.messages.set({ status: 'sending' }, row!.sending);
    } catch {
      // The database is out of reach: what only it knows is left out of this scrape, not made up.
      g.lag.reset();
      g.messages.reset();
    }
  }
}

function sourceGauges(registers: Registry[]) {
  return {
    sockets: new Gauge({ name: 'kinroom_websockets_open', help: 'WebSockets open.', registers }),
    subscriptions: new Gauge({
      name: 'kinroom_subscriptions_active',
      help: 'Live subscriptions being served.',
      registers,
    }),
    listening: new Gauge({
      name: 'kinroom_event_stream_listening',
      help: '1 while the event stream LISTENs for new events, 0 while it reconnects.',
      registers,
    }),
    lag: new Gauge({
      name: 'kinroom_event_stream_lag_events',
      help: 'Events in the outbox not yet delivered by this process (the newest id minus the id delivered).',
      registers,
    }),
    reads: new Counter({
      name: 'kinroom_event_stream_reads_total',
      help: 'Statements run to read the outbox (one per wake-up, whatever the number of subscribers).',
      registers,
    }),
    poolConnections: new Gauge({
      name: 'kinroom_db_pool_connections',
      help: 'Connections held by a pool (orm: operations; events: the event stream), by state (idle or busy).',
      labelNames: ['pool', 'state'] as const,
      registers,
    }),
    poolWaiting: new Gauge({
      name: 'kinroom_db_pool_waiting',
      help: 'Queries waiting for a connection of a pool.',
      labelNames: ['pool'] as const,
      registers,
    }),
    messages: new Gauge({
      name: 'kinroom_messages_unsent',
      help: 'Messages outside the dashboard not yet handed to a provider, by status (queued or sending).',
      labelNames: ['status'] as const,
      registers,
    }),
  };
}
