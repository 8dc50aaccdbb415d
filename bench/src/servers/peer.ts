/**
 * The peer: PostGraphile 5 (Amber preset, production mode) over the same schema and data, served by grafserv's node adapter from a
 * `pg` pool of the same size as Kinroom's. Its generated API has no range filter on a connection, so the room board's
 * "today's sessions of a centre" is a SQL function in a schema of its own, which is how a PostGraphile team would
 * add it. It runs without authentication and writes no access log: both are in its favour.
 * Started by the bench as `node --import tsx peer.ts <database url> <port>`; prints `ready <port>`.
 */
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { openPool } from '../pool.js';

const [url, portArg] = process.argv.slice(2);
if (!url || !portArg) throw new Error('usage: peer.ts <database url> <port>');

const pool = openPool(url, 10);
await pool.query(`
  create schema if not exists peer;
  create or replace function peer.centre_sessions_between(centre uuid, "from" timestamptz, until timestamptz)
    returns setof public.session language sql stable as $$
      select * from public.session where centre_id = centre and starts_at >= "from" and starts_at < until
    $$;`);

const preset: GraphileConfig.Preset = {
  extends: [PostGraphileAmberPreset],
  // Kinroom's foreign keys are composite (council, id) for tenancy and not all are indexed in that order; by default
  // PostGraphile then hides the relations, which would force a client into one request per row. A team would turn
  // that behaviour off (or add indexes Kinroom does not need), so the peer does.
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  pgServices: [makePgService({ pool, schemas: ['public', 'peer'] })],
  grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
  grafast: { explain: false },
};
const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.keepAliveTimeout = 60_000;
await serv.addTo(server, false);
await pgl.getSchema();
server.listen(Number(portArg), '127.0.0.1', () => process.stdout.write(`ready ${portArg}\n`));
process.on('SIGTERM', () => {
  server.close();
  void Promise.resolve(pgl.release())
    .then(() => pool.end())
    .finally(() => process.exit(0));
});
// The bench holds an IPC channel to every server: when it goes away, so do they.
process.on('disconnect', () => process.exit(0));
