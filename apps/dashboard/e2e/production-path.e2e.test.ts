import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyDatabase, type EmptyDatabase } from '../../api/test/machine-postgres';
import { startOidcProvider, type OidcProvider } from '../../api/test/oidc';
import { seriousViolations } from './axe';
import { launch, screenshot } from './browser';
import { startProduct, type Product } from './product';

/**
 * A council going live, as docs/set-up.md tells its IT team to: a production server (`NODE_ENV=production`) on an
 * empty PostgreSQL database of the machine's own, the first-run command, then everything else in the browser through
 * the council's identity provider (a real OpenID Connect provider process): the admin sets up a centre, its rooms and
 * its staff and imports the case system's children; the social worker signs in and agrees contact; the manager books
 * the first session and sees it arrive on the live board. Nothing is written to the database by hand.
 */

const API_DIR = fileURLToPath(new URL('../../api/', import.meta.url));
const ADMIN = { sub: 'entra-ada', email: 'ada.okafor@northshire.example', name: 'Ada Okafor' };
const MANAGER = { sub: 'entra-ben', email: 'ben.hale@northshire.example', name: 'Ben Hale' };
const SUPERVISOR = { sub: 'entra-cat', email: 'cat.imrie@northshire.example', name: 'Cat Imrie' };
const SOCIAL_WORKER = { sub: 'entra-dev', email: 'dev.patel@northshire.example', name: 'Dev Patel' };
const JWT_SECRET = 'production-path-secret-of-at-least-thirty-two-characters';

let db: EmptyDatabase;
let provider: OidcProvider;
let product: Product;
let browser: Browser;
let productionEnv: Record<string, string>;
let keyDir: string;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** `./kinroom admin …` as the council's IT team runs it, on the production database. */
function kinroomAdmin(...argv: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/admin.ts', ...argv], {
      cwd: API_DIR,
      env: { ...process.env, ...productionEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

beforeAll(async () => {
  db = await emptyDatabase();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider({
    redirectUris: [`${url}/signed-in`],
    postLogoutRedirectUris: [`${url}/sign-in`],
    accounts: [ADMIN, MANAGER, SUPERVISOR, SOCIAL_WORKER].map((a) => ({ ...a, email_verified: true })),
  });
  // The key that seals final records, kept outside the database as production requires (docs/evidence.md).
  keyDir = await mkdtemp(join(tmpdir(), 'kinroom-go-live-'));
  const evidenceKey = join(keyDir, 'evidence-key.pem');
  const { privateKey } = generateKeyPairSync('ed25519');
  await writeFile(evidenceKey, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  productionEnv = {
    NODE_ENV: 'production',
    PORT: String(port),
    DATABASE_URL: db.url,
    JWT_SECRET,
    KINROOM_EVIDENCE_KEY: evidenceKey,
    KINROOM_OIDC_ISSUER: provider.issuer,
    KINROOM_OIDC_CLIENT_ID: provider.clientId,
    KINROOM_LOG_LEVEL: 'error',
  };
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await product?.stop();
  await provider?.stop();
  await db?.drop();
  if (keyDir) await rm(keyDir, { recursive: true, force: true });
});

/** From Kinroom's sign-in page through the provider's login form, in a new browser of its own. */
async function signInThroughProvider(login: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    timezoneId: 'Europe/London',
    locale: 'en-GB',
  });
  const page = await context.newPage();
  await page.goto(`${product.url}/sign-in`);
  await page.getByRole('button', { name: 'Sign in with your council account' }).click();
  await page.waitForURL((u) => u.origin === new URL(provider.issuer).origin);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((u) => u.origin === product.url && !u.pathname.startsWith('/sign'));
  return page;
}

/** A GraphQL request made by the signed-in page itself, with its own token, as the dashboard makes them. */
async function gql<T>(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const answer = await page.evaluate(
    async ([q, v]) => {
      const s = JSON.parse(sessionStorage.getItem('kinroom.session') ?? '{}') as { token?: string };
      const r = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
        body: JSON.stringify({ query: q, variables: v }),
      });
      return (await r.json()) as { data?: unknown; errors?: { message: string }[] };
    },
    [query, variables] as const,
  );
  if (answer.errors?.length) throw new Error(answer.errors.map((e) => e.message).join('; '));
  return answer.data as T;
}

/** The London day of `at` as YYYY-MM-DD, and its minutes since London midnight. */
function inLondon(at: Date): { date: string; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

describe('from an empty production database to the first booked session', () => {
  it('bootstraps, sets up, imports, agrees contact and books, with nobody touching SQL', async () => {
    // 1. The first-run command: migrations, the council and its first admin; a second run is refused.
    const first = await kinroomAdmin(
      'bootstrap',
      '--council',
      'Northshire Council',
      '--admin-email',
      ADMIN.email,
      '--admin-name',
      ADMIN.name,
    );
    expect(first.out).toContain('Northshire Council');
    expect(first.code).toBe(0);
    const again = await kinroomAdmin(
      'bootstrap',
      '--council',
      'Another Council',
      '--admin-email',
      'someone@else.example',
      '--admin-name',
      'Some One',
    );
    expect(again.code).toBe(1);

    // 2. The production server on that database, signing in through the council's provider only.
    product = await startProduct({ databaseUrl: db.url, env: productionEnv });
    const status = await fetch(`${product.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ signInOptions { demo oidc { issuer } } }' }),
    });
    expect(await status.json()).toEqual({
      data: { signInOptions: { demo: false, oidc: { issuer: provider.issuer } } },
    });

    // 3. The admin signs in through the provider (her invitation binds its subject) and sets the centre up.
    const admin = await signInThroughProvider(ADMIN.email);
    const nav = admin.getByRole('navigation');
    await nav.getByRole('link', { name: 'Centres and rooms' }).click();
    await admin.getByRole('button', { name: 'New centre' }).click();
    let dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Centre name').fill('Riverside Family Centre');
    await dialog.getByLabel('Address').fill('1 Quay Street, Northshire');
    // Open every day, all day: the walk must not depend on when the tests run.
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']) {
      await dialog.getByLabel(`Open on ${day}`).check();
      await dialog.getByLabel(`${day} opens at`).fill('00:00');
      await dialog.getByLabel(`${day} closes at`).fill('23:59');
    }
    await dialog.getByRole('button', { name: 'Create centre' }).click();
    await dialog.waitFor({ state: 'detached' });
    const centre = admin.locator('[data-centre="Riverside Family Centre"]');
    for (const [room, capacity] of [
      ['Heron', '6'],
      ['Otter', '4'],
    ] as const) {
      await centre.getByRole('button', { name: 'Add a room to Riverside Family Centre' }).click();
      dialog = admin.getByRole('dialog');
      await dialog.getByLabel('Room name').fill(room);
      await dialog.getByLabel('Capacity (people)').fill(capacity);
      await dialog.getByLabel(/Facilities/).fill('toys, books, baby change');
      await dialog.getByRole('button', { name: 'Add room' }).click();
      await dialog.waitFor({ state: 'detached' });
      await centre.getByRole('rowheader', { name: room }).waitFor();
    }
    await screenshot(admin, 'go-live-1-centre-and-rooms');

    await nav.getByRole('link', { name: 'Staff', exact: true }).click();
    for (const [person, role, atCentre] of [
      [MANAGER, 'CENTRE_MANAGER', true],
      [SUPERVISOR, 'SUPERVISOR', true],
      [SOCIAL_WORKER, 'SOCIAL_WORKER', false],
    ] as const) {
      await admin.getByRole('button', { name: 'Invite a member of staff' }).click();
      dialog = admin.getByRole('dialog');
      await dialog.getByLabel('Full name').fill(person.name);
      await dialog.getByLabel(/Email address/).fill(person.email);
      await dialog.getByLabel('Role').selectOption(role);
      if (atCentre) await dialog.getByLabel('Centre').selectOption({ label: 'Riverside Family Centre' });
      await dialog.getByRole('button', { name: 'Invite' }).click();
      await dialog.waitFor({ state: 'detached' });
      await admin.locator(`[data-person="${person.email}"]`).waitFor();
    }
    expect(await seriousViolations(admin)).toEqual([]);
    await screenshot(admin, 'go-live-2-staff');

    // 4. The case system's export: a carer, two children, their parents and the cases, imported by the admin.
    await nav.getByRole('link', { name: 'Import' }).click();
    await admin.getByLabel('Export files (CSV)').setInputFiles(
      Object.entries({
        'carers.csv':
          'carer_id,name,address,phone\nMOS-C-1,Jo Foster,"1 Elm Road, Northshire",01234 567890\n',
        'children.csv':
          'child_id,first_name,last_name,date_of_birth,date_of_death,carer_id,school_hours\n' +
          'MOS-1001,Mia,Rowe,2019-05-04,,MOS-C-1,\n' +
          'MOS-1002,Theo,Rowe,14/02/2016,,MOS-C-1,Mon-Fri 08:45-15:15\n',
        'family-members.csv':
          'family_member_id,child_id,first_name,last_name,relationship,parental_responsibility,phone,email,address,work_pattern\n' +
          'MOS-F-1,MOS-1001,Sara,Rowe,mother,yes,07700 900123,sara.rowe@example.com,,\n' +
          'MOS-F-1,MOS-1002,Sara,Rowe,mother,yes,07700 900123,sara.rowe@example.com,,\n',
        'cases.csv': `case_id,child_id,social_worker_email\nCASE-1,MOS-1001,${SOCIAL_WORKER.email}\nCASE-2,MOS-1002,${SOCIAL_WORKER.email}\n`,
      }).map(([name, text]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) })),
    );
    await admin.getByRole('button', { name: 'Check the files' }).click();
    await admin.getByRole('region', { name: 'What the import would do' }).waitFor();
    await admin.getByRole('button', { name: 'Import', exact: true }).click();
    await admin.getByTestId('import-done').waitFor();
    expect(
      await admin.getByRole('region', { name: 'Import report' }).getByTestId('import-total').innerText(),
    ).toMatch(/0 refused/);
    await screenshot(admin, 'go-live-3-import');

    // 5. The social worker signs in and finds the imported children on her caseload, then agrees Mia's contact.
    const socialWorker = await signInThroughProvider(SOCIAL_WORKER.email);
    await socialWorker.getByRole('navigation').getByRole('link', { name: 'Caseload' }).click();
    await socialWorker.getByText('Mia', { exact: false }).first().waitFor();
    await screenshot(socialWorker, 'go-live-4-caseload');
    const found = await gql<{ findChildren: { id: string; firstName: string }[] }>(
      socialWorker,
      'query($n: String!) { findChildren(name: $n) { id firstName } }',
      { n: 'Rowe' },
    );
    const mia = found.findChildren.find((c) => c.firstName === 'Mia')!;
    const details = await gql<{ childDetails: { family: { familyMember: { id: string } }[] } }>(
      socialWorker,
      'query($id: ID!) { childDetails(id: $id) { family { familyMember { id } } } }',
      { id: mia.id },
    );
    const centres = await gql<{ myCentres: { id: string; name: string }[] }>(
      admin,
      '{ myCentres { id name } }',
    );
    const riverside = centres.myCentres.find((c) => c.name === 'Riverside Family Centre')!;
    const created = await gql<{ createAgreement: { id: string; version: number } }>(
      socialWorker,
      `mutation($input: CreateAgreementInput!) { createAgreement(input: $input) { id version } }`,
      {
        input: {
          childId: mia.id,
          centreId: riverside.id,
          riskFactors: [],
          sessionsPerWeek: 1,
          sessionMinutes: 60,
          participantIds: details.childDetails.family.map((f) => f.familyMember.id),
          transportPlan: 'The foster carer brings Mia and collects her.',
          conditions: ['Arrive on time', 'No phones during contact'],
          reviewDate: '2099-01-01',
        },
      },
    );
    const signed = await gql<{ signAgreement: { status: string } }>(
      socialWorker,
      'mutation($id: ID!, $v: Int!) { signAgreement(id: $id, signedBy: "Sara Rowe", expectedVersion: $v) { status } }',
      { id: created.createAgreement.id, v: created.createAgreement.version },
    );
    expect(signed.signAgreement.status).toBe('ACTIVE');

    // 6. The manager signs in to her board, then books the first session: it appears there without a reload.
    const manager = await signInThroughProvider(MANAGER.email);
    await manager.waitForURL(`${product.url}/board`);
    await expect.poll(() => manager.getByTestId('connection-state').innerText()).toMatch(/Live/);
    const rooms = await gql<{ centre: { rooms: { id: string; name: string }[] } }>(
      manager,
      'query($id: ID!) { centre(id: $id) { rooms { id name } } }',
      { id: riverside.id },
    );
    const supervisors = await gql<{ centreStaff: { id: string; name: string }[] }>(
      manager,
      'query($id: ID!) { centreStaff(centreId: $id, role: SUPERVISOR) { id name } }',
      { id: riverside.id },
    );
    // Later today when the day allows it (the board shows today), else tomorrow's timeline.
    const start = new Date(Math.ceil((Date.now() + 20 * 60_000) / (15 * 60_000)) * 15 * 60_000);
    const today = inLondon(new Date()).minutes < 21 * 60;
    const startsAt = today ? start : new Date(start.getTime() + 12 * 3600_000);
    await gql(manager, `mutation($input: BookSessionInput!) { bookSession(input: $input) { id } }`, {
      input: {
        agreementId: created.createAgreement.id,
        roomId: rooms.centre.rooms.find((r) => r.name === 'Heron')!.id,
        supervisorId: supervisors.centreStaff.find((s) => s.name === SUPERVISOR.name)!.id,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 60 * 60_000).toISOString(),
      },
    });
    if (today) {
      const heron = manager.getByTestId('room-Heron');
      await expect.poll(() => heron.innerText(), { timeout: 15_000 }).toMatch(/Next:\s+Mia/);
      expect(await heron.innerText()).toContain(SUPERVISOR.name);
    } else {
      await manager.goto(`${product.url}/timeline?date=${inLondon(startsAt).date}`);
      await manager.getByText(/Mia/).first().waitFor();
    }
    expect(await seriousViolations(manager)).toEqual([]);
    await screenshot(manager, 'go-live-5-first-session-on-the-board');
  });
});
