import { describe, expect, it } from 'vitest';
import { ownPostgresAndServer } from '../../test/own-postgres.js';
import { sleep } from '../../test/ws.js';

const own = ownPostgresAndServer();

async function probe(path: string): Promise<{ status: number; body: unknown; cache: string | null }> {
  const res = await fetch(`${own.url}${path}`);
  return { status: res.status, body: await res.json(), cache: res.headers.get('cache-control') };
}

/**
 * Asks /readyz until it answers `body` (a balancer probing every second would see the same). The database's answer is
 * reused for two seconds, so the event stream may be named failing before the database is.
 */
async function readyzUntil(body: unknown): Promise<{ status: number; body: unknown }> {
  const deadline = Date.now() + 45_000;
  let last = await probe('/readyz');
  while (JSON.stringify(last.body) !== JSON.stringify(body) && Date.now() < deadline) {
    await sleep(250);
    last = await probe('/readyz');
  }
  return last;
}

describe('/healthz and /readyz', () => {
  it('say the process is live throughout, and ready only while its database answers', async () => {
    expect(await probe('/healthz')).toEqual({ status: 200, body: { status: 'ok' }, cache: 'no-store' });
    expect(await probe('/readyz')).toEqual({ status: 200, body: { status: 'ready' }, cache: 'no-store' });

    await own.postgres.stop();
    // Which checks failed, by name alone: nothing of the connection, its address or its error.
    const down = { status: 'not ready', failing: ['database', 'eventStream'] };
    expect(await readyzUntil(down)).toMatchObject({ status: 503, body: down });
    expect(await probe('/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });

    await own.postgres.start();
    expect(await readyzUntil({ status: 'ready' })).toMatchObject({ status: 200, body: { status: 'ready' } });
  }, 120_000);
});
