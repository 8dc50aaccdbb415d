/**
 * Writes the measured figures into BENCHMARKS.md, between two markers, so that the written analysis around them
 * stays as its author left it; and draws the fan-out chart.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';
import { join } from 'node:path';
import type { BookingScenario } from '../scenarios/booking.js';
import type { ClusterStep } from '../scenarios/cluster.js';
import type { DashboardScenario } from '../scenarios/dashboard.js';
import type { FanoutStep } from '../scenarios/fanout.js';
import type { ReadScenario } from '../scenarios/reads.js';
import type { SeriesScenario } from '../scenarios/series.js';
import type { StartupScenario } from '../scenarios/startup.js';
import { BENCH_DIR } from '../proc.js';
import { ratio } from '../stats.js';
import { fanoutChart } from './svg.js';

export interface Results {
  mode: 'quick' | 'full';
  startedAt: string;
  finishedAt: string | null;
  machine: {
    cores: number;
    cpu: string;
    memoryGiB: number;
    node: string;
    postgres: string;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
  };
  scales: { scale: number; sessions: number; board: ReadScenario; history: ReadScenario }[];
  fanout: FanoutStep[];
  cluster: ClusterStep[];
  booking: BookingScenario | null;
  series?: SeriesScenario | null;
  startup: StartupScenario | null;
  dashboard?: DashboardScenario | null;
  checks: { name: string; ok: boolean; detail: string }[];
  notes: string[];
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';
const n0 = (x: number | null | undefined) =>
  x == null || !Number.isFinite(x) ? '–' : Math.round(x).toLocaleString('en-GB');
const n1 = (x: number | null | undefined) =>
  x == null || !Number.isFinite(x) ? '–' : (Math.round(x * 10) / 10).toString();
const x2 = (x: number | null | undefined) => (x == null ? '–' : `${x.toFixed(2)}×`);
const verdict = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? '**met**' : '**missed**');

function targets(r: Results): string[] {
  const first = r.scales[0];
  const last = r.scales.at(-1);
  const p95Growth =
    first && last && last !== first ? ratio(last.history.kinroom.p95, first.history.kinroom.p95) : null;
  const maxP99 = r.fanout.length ? Math.max(...r.fanout.map((s) => s.p99Ratio ?? Infinity)) : null;
  const maxMem = r.fanout.length ? Math.max(...r.fanout.map((s) => s.kinroom.memoryPerSubscriberKiB)) : null;
  const rows: [string, string, boolean | null][] = [
    [
      '1. Room board req/s ≥ 1.0× raw',
      x2(first?.board.ratios.kinroomOverRaw),
      first ? (first.board.ratios.kinroomOverRaw ?? 0) >= 1 : null,
    ],
    [
      '1. Room board req/s ≥ 2× PostGraphile',
      x2(first?.board.ratios.kinroomOverPeer),
      first ? (first.board.ratios.kinroomOverPeer ?? 0) >= 2 : null,
    ],
    [
      '1. Room board p99 no worse than raw',
      x2(first?.board.ratios.p99KinroomOverRaw),
      first ? (first.board.ratios.p99KinroomOverRaw ?? Infinity) <= 1 : null,
    ],
    [
      '2. History SQL statements per request ≤ 6, constant',
      r.scales.map((s) => n1(s.history.statementsPerRequest.kinroom)).join(' / ') || '–',
      r.scales.length
        ? r.scales.every((s) => (s.history.statementsPerRequest.kinroom ?? 99) <= 6) &&
          new Set(r.scales.map((s) => s.history.statementsPerRequest.kinroom)).size === 1
        : null,
    ],
    [
      `2. History p95 at ${last ? n0(last.sessions) : '1M'} ≤ 1.5× p95 at ${first ? n0(first.sessions) : '10k'}`,
      x2(p95Growth),
      p95Growth === null ? null : p95Growth <= 1.5,
    ],
    [
      '2. History req/s ≥ PostGraphile, same fields (every scale)',
      r.scales.map((s) => x2(s.history.ratios.kinroomOverPeer)).join(' / ') || '–',
      r.scales.length ? r.scales.every((s) => (s.history.ratios.kinroomOverPeer ?? 0) >= 1) : null,
    ],
    [
      '3. Fan-out p99 ≤ 1.25× plain ws at every step',
      maxP99 === null ? '–' : `worst ${x2(maxP99)}`,
      maxP99 === null ? null : maxP99 <= 1.25,
    ],
    [
      '3. ≤ 12 KiB per idle subscriber',
      maxMem === null ? '–' : `worst ${n1(maxMem)} KiB`,
      maxMem === null ? null : maxMem <= 12,
    ],
    [
      '3. Events lost = 0',
      r.fanout.map((s) => s.kinroom.lost).join(' / ') || '–',
      r.fanout.length ? r.fanout.every((s) => s.kinroom.lost === 0) : null,
    ],
    [
      '3. Event-log reads per event = 1 per process',
      r.fanout.map((s) => n1(s.kinroom.eventLogReadsPerEvent)).join(' / ') || '–',
      r.fanout.length ? r.fanout.every((s) => s.kinroom.eventLogReadsPerEvent === 1) : null,
    ],
    [
      '4. Exactly one of 200 clashing bookings wins',
      r.booking
        ? `${r.booking.contention.succeeded} won, ${r.booking.contention.codes.SESSION_ROOM_DOUBLE_BOOKED ?? 0} refused`
        : '–',
      r.booking ? r.booking.contention.exactlyOneWon : null,
    ],
  ];
  return targetTable(rows);
}

function targetTable(rows: [string, string, boolean | null][]): string[] {
  return [
    '| target | measured | |',
    '| --- | --- | --- |',
    ...rows.map(([t, m, ok]) => `| ${t} | ${m} | ${verdict(ok)} |`),
  ];
}

/** The second round's yardsticks: the kept board, series booking, three processes, the dashboard cold. */
function secondRoundTargets(r: Results): string[] {
  const boards = r.scales.filter((s) => s.board.kept);
  const cluster = r.cluster ?? [];
  const worstClusterP99 = cluster.length ? Math.max(...cluster.map((s) => s.p99Ratio ?? Infinity)) : null;
  const series = r.series ?? null;
  const dashboard = r.dashboard ?? null;
  return targetTable([
    [
      '1. Room board req/s ≥ 0.7× the kept board (every scale)',
      boards.map((s) => x2(s.board.ratios.kinroomOverKept)).join(' / ') || '–',
      boards.length ? boards.every((s) => (s.board.ratios.kinroomOverKept ?? 0) >= 0.7) : null,
    ],
    [
      '1. Room board p99 ≤ 1.5× the kept board (every scale)',
      boards.map((s) => x2(s.board.ratios.p99KinroomOverKept)).join(' / ') || '–',
      boards.length ? boards.every((s) => (s.board.ratios.p99KinroomOverKept ?? Infinity) <= 1.5) : null,
    ],
    [
      '4. Bookings/s ≥ 0.6× the raw insert',
      x2(r.booking?.throughput.ratio),
      r.booking ? (r.booking.throughput.ratio ?? 0) >= 0.6 : null,
    ],
    [
      '4. A series of 24 in one request ≤ 3× one booking (median)',
      x2(series?.timing.ratio),
      series ? (series.timing.ratio ?? Infinity) <= 3 : null,
    ],
    [
      '4. Exactly one of 200 clashing series wins',
      series
        ? `${series.contention.succeeded} won, ${series.contention.codes.SERIES_CONFLICT ?? 0} refused`
        : '–',
      series ? series.contention.exactlyOneWon : null,
    ],
    [
      '6. Three processes: p99 ≤ 1.25× plain ws at every step',
      worstClusterP99 === null ? '–' : `worst ${x2(worstClusterP99)}`,
      worstClusterP99 === null ? null : worstClusterP99 <= 1.25,
    ],
    [
      '6. Three processes: events lost = 0 (stream and burst)',
      cluster.map((s) => `${s.kinroom.lost} + ${s.burst.lost}`).join(' / ') || '–',
      cluster.length ? cluster.every((s) => s.kinroom.lost === 0 && s.burst.lost === 0) : null,
    ],
    [
      '6. Three processes: one outbox read per event per process',
      cluster.map((s) => s.kinroom.readsPerEvent.join('·')).join(' / ') || '–',
      cluster.length
        ? cluster.every((s) => [...s.kinroom.readsPerEvent, ...s.burst.readsPerEvent].every((x) => x === 1))
        : null,
    ],
    [
      '7. Dashboard, cold: first board ≤ 1 s (median)',
      dashboard ? `${n0(dashboard.firstBoardMs.median)} ms` : '–',
      dashboard ? dashboard.firstBoardMs.median <= 1000 : null,
    ],
  ]);
}

function readTable(
  title: string,
  rows: Results['scales'],
  pick: (s: Results['scales'][number]) => ReadScenario,
): string[] {
  const withKept = rows.some((s) => pick(s).kept);
  const out = [
    `| ${title} | sessions | side | req/s | p50 ms | p95 ms | p99 ms | SQL / request | req/s vs raw | req/s vs PostGraphile |${withKept ? ' req/s vs kept | p99 vs kept |' : ''}`,
    `| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |${withKept ? ' ---: | ---: |' : ''}`,
  ];
  const label = {
    kinroom: 'kinroom',
    kept: 'kept board',
    raw: 'raw',
    peer: 'PostGraphile 5',
    kinroomAsPeer: 'kinroom, PostGraphile’s fields',
  };
  for (const s of rows) {
    const x = pick(s);
    for (const side of ['kinroom', 'kept', 'raw', 'peer', 'kinroomAsPeer'] as const) {
      const m = x[side];
      if (!m) continue;
      const statements = side === 'kinroomAsPeer' ? null : x.statementsPerRequest[side];
      const vsKept = withKept ? ` ${x2(ratio(m.rps, x.kept?.rps))} | ${x2(ratio(m.p99, x.kept?.p99))} |` : '';
      out.push(
        `| ${x.connections} connections | ${n0(s.sessions)} | ${label[side]} | ${n0(m.rps)} | ${n1(m.p50)} | ${n1(m.p95)} | ${n1(m.p99)} | ${n1(statements)} | ${x2(ratio(m.rps, x.raw.rps))} | ${x2(ratio(m.rps, x.peer.rps))} |${vsKept}`,
      );
    }
  }
  return out;
}

export function resultsMarkdown(r: Results): string {
  const m = r.machine;
  const lines: string[] = [
    START,
    `_Written by \`pnpm bench\` (${r.mode}) on ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC${r.finishedAt ? `, finished ${r.finishedAt.slice(11, 16)}` : ', did not finish'}._`,
    '',
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB memory, Node ${m.node}, ${m.postgres} (embedded). Load average at start ${m.loadAverageAtStart.join(' ')}, at end ${m.loadAverageAtEnd.join(' ')}: other work was running on the machine, so absolute figures are noisy; ratios are taken within one interleaved run.`,
    '',
    '### Targets, first round',
    '',
    ...targets(r),
    '',
    '### Targets, second round',
    '',
    ...secondRoundTargets(r),
    '',
    '### Correctness checks (asserted)',
    '',
    ...r.checks.map((c) => `- ${c.ok ? 'ok' : 'FAILED'}: ${c.name} (${c.detail})`),
    ...(r.notes.length ? ['', ...r.notes.map((n) => `- Note: ${n}`)] : []),
    '',
    '### 1. Room board (12-room centre)',
    '',
    ...readTable('room board', r.scales, (s) => s.board),
    '',
    `Same JSON from raw as from Kinroom: ${r.scales.map((s) => (s.board.sameJsonAsRaw ? 'yes' : `no (${s.board.differences.slice(0, 2).join('; ')})`)).join(' / ')}. From the kept board: ${r.scales.map((s) => (s.board.sameJsonAsKept === undefined ? '–' : s.board.sameJsonAsKept ? 'yes' : 'no')).join(' / ')}.`,
    '',
    '### 2. A child’s contact history (first page of 50, child with 500 sessions)',
    '',
    ...readTable('child history', r.scales, (s) => s.history),
    '',
    `Same JSON from raw as from Kinroom (cursors aside): ${r.scales.map((s) => (s.history.sameJsonAsRaw ? 'yes' : `no (${s.history.differences.slice(0, 2).join('; ')})`)).join(' / ')}.`,
    '',
  ];
  const kinroomStatements = r.scales[0]?.history.statementDetail.kinroom ?? [];
  if (kinroomStatements.length) {
    lines.push('Kinroom’s statements per history request (pg_stat_statements):', '');
    for (const s of kinroomStatements) lines.push(`- ${s.perRequest} × \`${s.query.replace(/`/g, "'")}\``);
    lines.push('');
  }
  if (r.fanout.length) {
    lines.push(
      '### 3. Fan-out (graphql-ws subscribers to one centre’s room board, one API process, 1 event/s)',
      '',
      `Message size ${r.fanout[0]!.messageBytes} bytes (plain ws sends the same size).`,
      '',
      '| subscribers | side | p50 ms | p95 ms | p99 ms | p99 vs plain ws | lost | event-log reads / event | memory / idle subscriber | CPU |',
      '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const s of r.fanout) {
      lines.push(
        `| ${n0(s.subscribers)} | Kinroom | ${n0(s.kinroom.p50)} | ${n0(s.kinroom.p95)} | ${n0(s.kinroom.p99)} | ${x2(s.p99Ratio)} | ${s.kinroom.lost} | ${n1(s.kinroom.eventLogReadsPerEvent)} | ${n1(s.kinroom.memoryPerSubscriberKiB)} KiB | ${n1(s.kinroom.cpuPercent)}% |`,
        `| ${n0(s.subscribers)} | plain ws | ${n0(s.plain.p50)} | ${n0(s.plain.p95)} | ${n0(s.plain.p99)} | 1.00× | ${s.plain.lost} | – | ${n1(s.plain.memoryPerSubscriberKiB)} KiB | ${n1(s.plain.cpuPercent)}% |`,
      );
    }
    lines.push('', '![Fan-out latency against subscribers](bench/results/fanout.svg)', '');
  }
  if (r.booking) {
    const b = r.booking;
    lines.push(
      '### 4. Booking',
      '',
      `200 concurrent requests for one room and time: ${b.contention.succeeded} succeeded, refusals ${JSON.stringify(b.contention.codes)}, ${b.contention.rowsInDatabase} session row in the database.`,
      '',
      '| non-clashing bookings | bookings/s | p50 ms | p95 ms | p99 ms | vs raw |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      `| Kinroom \`bookSession\` (${b.throughput.concurrency} concurrent) | ${n0(b.throughput.kinroom.perSecond)} | ${n1(b.throughput.kinroom.p50)} | ${n1(b.throughput.kinroom.p95)} | ${n1(b.throughput.kinroom.p99)} | ${x2(b.throughput.ratio)} |`,
      `| raw insert of session + outbox event (${b.throughput.concurrency} concurrent) | ${n0(b.throughput.raw.perSecond)} | ${n1(b.throughput.raw.p50)} | ${n1(b.throughput.raw.p95)} | ${n1(b.throughput.raw.p99)} | 1.00× |`,
      '',
    );
  }
  if (r.series) {
    const s = r.series;
    lines.push(
      `200 concurrent series of 24 Saturdays for one room: ${s.contention.succeeded} succeeded, refusals ${JSON.stringify(s.contention.codes)}, ${s.contention.rowsInDatabase} session rows in the database.`,
      '',
      `| one request at a time, alternating (${s.timing.pairs} each) | p50 ms | p95 ms | vs one booking |`,
      '| --- | ---: | ---: | ---: |',
      `| \`bookSeries\`, 24 weekly sessions | ${n1(s.timing.series.p50)} | ${n1(s.timing.series.p95)} | ${x2(s.timing.ratio)} |`,
      `| \`bookSession\`, one session | ${n1(s.timing.one.p50)} | ${n1(s.timing.one.p95)} | 1.00× |`,
      '',
    );
  }
  if (r.startup) {
    const s = r.startup;
    lines.push(
      '### 5. Start-up',
      '',
      '| | first start, empty data folder | warm restart |',
      '| --- | ---: | ---: |',
      `| Kinroom (embedded PostgreSQL, migrations, demo week) to a GraphQL answer | ${n0(s.kinroom.firstMs)} ms | ${n0(s.kinroom.warmMs)} ms |`,
      `| embedded PostgreSQL alone | ${n0(s.postgres.firstMs)} ms | ${n0(s.postgres.warmMs)} ms |`,
      `| ratio | ${x2(s.ratios.first)} | ${x2(s.ratios.warm)} |`,
      '',
    );
  }
  const cluster = r.cluster ?? [];
  if (cluster.length) {
    lines.push(
      '### 6. Three API processes, one PostgreSQL',
      '',
      'Subscribers spread evenly over three Kinroom processes, one change a second through each in turn; three plain ws servers with as many sockets each, interleaved event by event. Then a burst of changes on a schedule of 100 a second through the three.',
      '',
      '| subscribers | side | p50 ms | p95 ms | p99 ms | p99 vs plain ws | lost | outbox reads / event, per process |',
      '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const s of cluster) {
      const n = `${s.processes} × ${n0(s.perProcess)}`;
      lines.push(
        `| ${n} | Kinroom | ${n0(s.kinroom.p50)} | ${n0(s.kinroom.p95)} | ${n0(s.kinroom.p99)} | ${x2(s.p99Ratio)} | ${s.kinroom.lost} | ${s.kinroom.readsPerEvent.join(' / ')} |`,
        `| ${n} | plain ws | ${n0(s.plain.p50)} | ${n0(s.plain.p95)} | ${n0(s.plain.p99)} | 1.00× | ${s.plain.lost} | – |`,
      );
    }
    lines.push(
      '',
      '| subscribers | burst | sent over | lag p50 ms | lag p99 ms | commit to last subscriber ms | lost | outbox reads / event, per process |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...cluster.map(
        (s) =>
          `| ${s.processes} × ${n0(s.perProcess)} | ${n0(s.burst.events)} changes | ${n1(s.burst.seconds)} s | ${n0(s.burst.p50)} | ${n0(s.burst.p99)} | ${n0(s.burst.max)} | ${s.burst.lost} | ${s.burst.readsPerEvent.join(' / ')} |`,
      ),
      '',
    );
  }
  if (r.dashboard) {
    const d = r.dashboard;
    const kib = (x: number) => `${n0(x / 1024)} KiB`;
    lines.push(
      '### 7. The dashboard, cold (Chromium, fresh profile, demo week)',
      '',
      `| ${d.rounds} cold loads of the board | median | worst |`,
      '| --- | ---: | ---: |',
      `| navigation to the rooms drawn | ${n0(d.firstBoardMs.median)} ms | ${n0(d.firstBoardMs.max)} ms |`,
      `| a change through the API to the board showing it | ${n0(d.liveUpdateMs.median)} ms | ${n0(d.liveUpdateMs.max)} ms |`,
      '',
      `JavaScript fetched for the first view: ${d.scripts.files} files, ${kib(d.scripts.transferBytes)} on the wire (content encoding: ${d.contentEncoding}), ${kib(d.scripts.decodedBytes)} decoded; the built dashboard holds ${kib(d.built.bytes)} of JavaScript in ${d.built.files} files (every screen).`,
      '',
    );
  }
  lines.push(END);
  return lines.join('\n');
}

/** Text as the repository's Prettier settings would write it, so that generated files pass the format check. */
export async function formatted(file: string, text: string): Promise<string> {
  const options = (await resolveConfig(file)) ?? {};
  return format(text, { ...options, filepath: file });
}

export async function writeReport(r: Results): Promise<void> {
  const file = join(BENCH_DIR, '..', 'BENCHMARKS.md');
  const current = await readFile(file, 'utf8').catch(() => `# Benchmarks\n\n${START}\n${END}\n`);
  const from = current.indexOf(START);
  const to = current.indexOf(END);
  const next =
    from >= 0 && to > from
      ? `${current.slice(0, from)}${resultsMarkdown(r)}${current.slice(to + END.length)}`
      : `${current.trimEnd()}\n\n${resultsMarkdown(r)}\n`;
  await writeFile(file, await formatted(file, next));
  if (r.fanout.length) await writeFile(join(BENCH_DIR, 'results', 'fanout.svg'), fanoutChart(r.fanout));
}
