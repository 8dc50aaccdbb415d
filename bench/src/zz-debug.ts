import { startApiProcess } from '../../apps/api/test/processes.js';
import { DataGenerator, markRooms } from './data/generate.js';
import { startBenchDatabase } from './env.js';
import { CHILD_HISTORY, ROOM_BOARD, signToken } from './queries.js';
const SECRET = 'kinroom-bench-signing-secret-0123456789abcdef';
const db = await startBenchDatabase(console.log);
const gen = new DataGenerator(db.pool, new Date());
const f = await gen.core();
await markRooms(db.pool, f, new Date());
await gen.growTo(10000);
const api = await startApiProcess(db.url, {
  NODE_ENV: 'production',
  JWT_SECRET: SECRET,
  KINROOM_LOG_LEVEL: 'error',
  KINROOM_MUTATIONS_PER_MINUTE: '10000000',
  ...(process.env.PROF ? { NODE_OPTIONS: '--cpu-prof --cpu-prof-dir=/tmp/prof' } : {}),
});
const u = async (e: string) =>
  (await db.pool.query('select id, council_id, role from staff_user where email=$1', [e])).rows[0];
const m = await u(f.managerEmail);
const sw = await u(f.socialWorkerEmail);
const tm = signToken(SECRET, { id: m.id, councilId: m.council_id, role: m.role });
const ts = signToken(SECRET, { id: sw.id, councilId: sw.council_id, role: sw.role });
const call = async (token: string, query: string, variables: object) => {
  const t = performance.now();
  const r = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  await r.text();
  return performance.now() - t;
};
for (const [name, tok, q, v] of [
  ['board', tm, ROOM_BOARD, { centreId: f.centreId }],
  ['history', ts, CHILD_HISTORY, { childId: f.historyChildId, first: 50 }],
] as const) {
  const ts2: number[] = [];
  for (let i = 0; i < 40; i++) ts2.push(await call(tok, q, v));
  console.log(name, ts2.map((x) => x.toFixed(0)).join(' '));
}
await api.kill();
await db.stop();
