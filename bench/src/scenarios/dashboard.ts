/**
 * Scenario 7: the dashboard, cold. Kinroom as a council runs it (production, the built dashboard served by the
 * API) over a database of its own holding the demo week; Debian's Chromium with a fresh profile each time (nothing
 * cached), the centre manager already signed in (her token in the tab, as the sign-in page leaves it). Measured:
 * from navigation to the board with its rooms drawn, from a change made through the API to the board showing it
 * (the first live update), and the JavaScript the first view fetched, against the whole built bundle.
 */
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { BrowserType, Page } from '../../../apps/dashboard/node_modules/playwright-core/index.js';
import { openOrm } from '../../../apps/api/src/db/orm.js';
import { startApiProcess } from '../../../apps/api/test/processes.js';
import type { Bench } from '../context.js';
import { gql, SET_ROOM_CONDITION, signToken } from '../queries.js';

// The dashboard's own browser driver (its end-to-end tests launch Chromium with it).
const { chromium } = createRequire(new URL('../../../apps/dashboard/package.json', import.meta.url))(
  'playwright-core',
) as { chromium: BrowserType };

const CHROMIUM = '/usr/bin/chromium';
const DIST = fileURLToPath(new URL('../../../apps/dashboard/dist/', import.meta.url));
const DEMO_DATABASE = 'kinroom_demo';
const MANAGER = 'priya.shah@coxford.example';
const ROUNDS = 5;

export interface DashboardScenario {
  rounds: number;
  /** Navigation to the first room drawn, in the page's own clock; median and worst of the rounds. */
  firstBoardMs: { median: number; max: number };
  /** A room's change sent through the API to the board showing it. */
  liveUpdateMs: { median: number; max: number };
  /** What the first view fetched: scripts, bytes on the wire and once decoded. */
  scripts: { files: number; transferBytes: number; decodedBytes: number };
  /** The whole built dashboard's JavaScript (every route), on disk. */
  built: { files: number; bytes: number };
  /** The response's encoding of the scripts, as served (none: sent as stored). */
  contentEncoding: string;
}

async function builtScripts(): Promise<{ files: number; bytes: number }> {
  const dir = join(DIST, 'assets');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.js'));
  const sizes = await Promise.all(names.map(async (n) => (await stat(join(dir, n))).size));
  return { files: names.length, bytes: sizes.reduce((a, x) => a + x, 0) };
}

const ROOM_CARD = '[data-testid^="room-"][data-state]';

/** Records, in the page's clock, when the first room card is drawn. */
const WATCH_BOARD = `(() => {
  const seen = () => document.querySelector('${ROOM_CARD}');
  new MutationObserver((_, o) => {
    if (!window.__boardDrawnAt && seen()) { window.__boardDrawnAt = performance.now(); o.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
})();`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function dashboardScenario(b: Bench): Promise<DashboardScenario | null> {
  const built = await builtScripts().catch(() => null);
  if (!built) {
    b.log('  the dashboard is not built (pnpm --filter @kinroom/dashboard build): skipped');
    return null;
  }
  await b.db.pool.query(`create database ${DEMO_DATABASE}`);
  const url = new URL(b.db.url);
  url.pathname = `/${DEMO_DATABASE}`;
  const orm = await openOrm(url.toString());
  await orm.close();
  const api = await startApiProcess(url.toString(), {
    ...b.apiEnv,
    KINROOM_DEMO_DATA: 'true',
    KINROOM_DASHBOARD_DIR: DIST,
  });
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-quic'],
  });
  try {
    const manager = (
      await db.query<{ id: string; council_id: string; name: string; centre_id: string }>(
        'select id, council_id, name, centre_id from staff_user where email = $1',
        [MANAGER],
      )
    ).rows[0]!;
    const token = signToken(b.secret, {
      id: manager.id,
      councilId: manager.council_id,
      role: 'centre_manager',
    });
    const session = JSON.stringify({
      token,
      expiresAt: new Date(Date.now() + 11 * 3_600_000).toISOString(),
      user: { id: manager.id, name: manager.name, role: 'CENTRE_MANAGER' },
    });
    const firstBoard: number[] = [];
    const live: number[] = [];
    let scripts = { files: 0, transferBytes: 0, decodedBytes: 0 };
    let contentEncoding = 'none';
    for (let round = 0; round < ROUNDS; round++) {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        timezoneId: 'Europe/London',
        locale: 'en-GB',
      });
      await context.addInitScript(
        `sessionStorage.setItem('kinroom.session', ${JSON.stringify(session)}); ${WATCH_BOARD}`,
      );
      const page = await context.newPage();
      const fetched: Promise<{ transfer: number; decoded: number; encoding: string }>[] = [];
      page.on('response', (res) => {
        if (res.request().resourceType() !== 'script') return;
        fetched.push(
          Promise.all([res.request().sizes(), res.body(), res.headerValue('content-encoding')]).then(
            ([sizes, body, encoding]) => ({
              transfer: sizes.responseBodySize + sizes.responseHeadersSize,
              decoded: body.length,
              encoding: encoding ?? 'none',
            }),
          ),
        );
      });
      await page.goto(`${api.url}/board`);
      await page.locator(ROOM_CARD).first().waitFor({ timeout: 60_000 });
      firstBoard.push(
        Math.round(
          await page.evaluate(() => (globalThis as unknown as { __boardDrawnAt: number }).__boardDrawnAt),
        ),
      );
      const got = await Promise.all(fetched);
      scripts = {
        files: got.length,
        transferBytes: got.reduce((a, x) => a + x.transfer, 0),
        decodedBytes: got.reduce((a, x) => a + x.decoded, 0),
      };
      contentEncoding = got[0]?.encoding ?? 'none';
      live.push(await liveUpdate(b, api.url, token, page, db, manager.centre_id));
      await context.close();
    }
    const result: DashboardScenario = {
      rounds: ROUNDS,
      firstBoardMs: { median: median(firstBoard), max: Math.max(...firstBoard) },
      liveUpdateMs: { median: median(live), max: Math.max(...live) },
      scripts,
      built,
      contentEncoding,
    };
    b.log(
      `  first board ${firstBoard.join(', ')} ms; first live update ${live.join(', ')} ms; scripts ${scripts.files} files, ${scripts.transferBytes} bytes on the wire (${contentEncoding}), of ${built.bytes} bytes built in ${built.files} files`,
    );
    return result;
  } finally {
    await browser.close().catch(() => {});
    await db.end().catch(() => {});
    await api.kill();
    await b.db.pool.query(`drop database if exists ${DEMO_DATABASE} with (force)`).catch(() => {});
  }
}

/**
 * Once the board is live, a room the board shows as free is marked as needing tidying through the API; the time
 * until its card says so. The next round's fresh page finds another free room, or this one set back.
 */
async function liveUpdate(
  b: Bench,
  apiUrl: string,
  token: string,
  page: Page,
  db: pg.Client,
  centreId: string,
): Promise<number> {
  await page.getByTestId('connection-state').filter({ hasText: 'Live' }).waitFor({ timeout: 60_000 });
  const card = page.locator('[data-testid^="room-"][data-state="FREE"]').first();
  const testId = (await card.getAttribute('data-testid'))!;
  const room = (
    await db.query<{ id: string; version: number; condition: string }>(
      'select id, version, condition from room where centre_id = $1 and name = $2',
      [centreId, testId.slice('room-'.length)],
    )
  ).rows[0]!;
  const started = Date.now();
  const res = await gql(`${apiUrl}/graphql`, token, SET_ROOM_CONDITION, {
    roomId: room.id,
    condition: 'NEEDS_TIDYING',
    expectedVersion: room.version,
  });
  if (res.errors) throw new Error(`setRoomCondition: ${JSON.stringify(res.errors)}`);
  await page.locator(`[data-testid="${testId}"][data-state="NEEDS_TIDYING"]`).waitFor({ timeout: 60_000 });
  const ms = Date.now() - started;
  const back = await gql(`${apiUrl}/graphql`, token, SET_ROOM_CONDITION, {
    roomId: room.id,
    condition: 'READY',
    expectedVersion: room.version + 1,
  });
  if (back.errors) b.log(`  setting ${testId} back: ${JSON.stringify(back.errors)}`);
  return ms;
}
