/**
 * Builds the benchmark data on a fresh embedded PostgreSQL and prints how long each scale took, then removes it.
 *   pnpm --filter @kinroom/bench generate [sessions=10000]
 */
import { DataGenerator, markRooms } from './data/generate.js';
import { startBenchDatabase } from './env.js';

const target = Number(process.argv[2] ?? 10_000);
const db = await startBenchDatabase((l) => console.error(l));
try {
  const now = new Date();
  const gen = new DataGenerator(db.pool, now);
  const t0 = Date.now();
  const fixture = await gen.core();
  await markRooms(db.pool, fixture, now);
  const total = await gen.growTo(target);
  const counts = await db.pool.query(
    `select (select count(*) from session) as sessions, (select count(*) from attendance) as attendance,
            (select count(*) from observation) as observations, (select count(*) from safeguarding_flag) as flags,
            (select count(*) from child) as children, (select count(*) from centre) as centres,
            (select count(*) from session where child_id = $1) as history`,
    [fixture.historyChildId],
  );
  console.log(JSON.stringify({ total, seconds: (Date.now() - t0) / 1000, ...counts.rows[0] }));
} finally {
  await db.stop();
}
