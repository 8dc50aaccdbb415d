import {
  addDaysToDateKey,
  fromLondonDateKey,
  londonDateKey,
  OBSERVATION_SECTION_KEYS,
} from '@kinroom/domain';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe';
import { api, launch, screenshot, signedIn } from './browser';
import { startOwnProduct, type OwnProduct, type SqlClient } from './own-product';

/**
 * The centre manager's desk (docs/desk.md), in Chromium, on a product of this file's own (the demo week on a database
 * the test can write fixtures to): she sees an overdue record and a session whose attendance nobody recorded, opens a
 * record waiting for review on its own screen, reads it whole, and approves it; a record submitted meanwhile joins the
 * list live.
 */

const MANAGER = 'priya.shah@coxford.example';
const SUPERVISOR = 'tom.okafor@coxford.example';
const MARKER = 'Maisie showed her father the drawing she made at school.';

let product: OwnProduct;
let browser: Browser;
let sql: SqlClient;
const ids = {} as Record<'overdue' | 'unrecorded' | 'reviewed' | 'cancelled', string>;

/**
 * A session of Maisie's agreement with Tom at 21:00 London, `daysAgo` days ago (ahead when negative), when the demo
 * week books nothing.
 */
async function session(daysAgo: number, held: boolean): Promise<string> {
  const startsAt = fromLondonDateKey(addDaysToDateKey(londonDateKey(new Date()), -daysAgo), '21:00');
  const endsAt = new Date(startsAt.getTime() + 3_600_000);
  const { rows } = await sql.query(
    `insert into session (id, council_id, centre_id, room_id, supervisor_id, agreement_id, child_id, kind,
       starts_at, ends_at, turnover_minutes, status, parent_arrived_at, child_arrived_at, started_at, ended_at)
     select gen_random_uuid(), a.council_id, a.centre_id,
            (select id from room where centre_id = a.centre_id order by name limit 1),
            u.id, a.id, a.child_id, 'contact', $1, $2, 15, $3, $4, $5, $5, $6
       from contact_agreement a join child c on c.id = a.child_id, staff_user u
      where c.first_name = 'Maisie' and a.status = 'active' and u.email = $7
     returning id`,
    [
      startsAt,
      endsAt,
      held ? 'ended' : 'scheduled',
      held ? new Date(startsAt.getTime() - 900_000) : null,
      held ? startsAt : null,
      held ? endsAt : null,
      SUPERVISOR,
    ],
  );
  const id = rows[0]!.id!;
  if (held) {
    await sql.query(
      `insert into attendance (id, council_id, session_id, outcome, recorded_at)
       select gen_random_uuid(), council_id, id, 'attended', ends_at from session where id = $1`,
      [id],
    );
  }
  return id;
}

/** Tom writes the session's record and submits it, as he would from his own screen; its id. */
async function submittedRecord(sessionId: string): Promise<string> {
  const { context, page } = await signedIn(browser, SUPERVISOR, undefined, product.url);
  const started = await api<{ startObservation: { id: string; version: number } }>(
    page,
    'mutation($s: ID!) { startObservation(sessionId: $s) { id version } }',
    { s: sessionId },
  );
  const { id, version } = started.startObservation;
  const sections = OBSERVATION_SECTION_KEYS.map((key, i) => ({
    key: key.toUpperCase(),
    facts: i === 0 ? MARKER : 'Nothing to record',
    opinion: i === 0 ? 'She seemed proud and relaxed.' : '',
  }));
  const saved = await api<{ saveObservationDraft: { version: number } }>(
    page,
    'mutation($id: ID!, $s: [ObservationSectionInput!]!, $v: Int!) { saveObservationDraft(id: $id, sections: $s, expectedVersion: $v) { version } }',
    { id, s: sections, v: version },
  );
  await api(page, 'mutation($id: ID!, $v: Int!) { submitObservation(id: $id, expectedVersion: $v) { id } }', {
    id,
    v: saved.saveObservationDraft.version,
  });
  await context.close();
  return id;
}

beforeAll(async () => {
  product = await startOwnProduct();
  sql = product.sql;
  browser = await launch();
  // Held twelve days ago and never written up: overdue whatever bank holidays fall between.
  ids.overdue = await session(12, true);
  ids.unrecorded = await session(2, false);
  const yesterday = await session(1, true);
  // Cancelled for the day after tomorrow, and nobody has recorded telling the family.
  ids.cancelled = await session(-2, false);
  await sql.query(
    `update session set status = 'cancelled', cancelled_at = now(), cancellation_reason = 'child_ill',
            cancelled_by_id = (select id from staff_user where email = $2)
      where id = $1`,
    [ids.cancelled, MANAGER],
  );

  ids.reviewed = await submittedRecord(yesterday);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

describe('the centre manager’s desk', () => {
  it('shows an overdue record and a session with no attendance, with counts, from the menu', async () => {
    const { context, page } = await signedIn(browser, MANAGER, undefined, product.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Desk' }).click();
    await page.waitForURL(/\/desk$/);
    await page.getByRole('heading', { name: 'Desk', level: 1 }).waitFor();

    const overdue = page.getByTestId('desk-overdue');
    const late = overdue
      .getByRole('listitem')
      .filter({ hasText: 'not started' })
      .filter({ hasText: '21:00' });
    await late.first().waitFor();
    expect(await late.first().innerText()).toMatch(/Maisie .*Tom Okafor.*late/s);
    expect(Number(await overdue.getByTestId('desk-overdue-count').innerText())).toBeGreaterThan(0);

    const unrecorded = page.getByTestId('desk-unrecorded');
    const row = unrecorded
      .getByRole('listitem')
      .filter({ has: page.locator(`a[href*="session=${ids.unrecorded}"]`) });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Maisie .*Tom Okafor.*ended/s);
    const link = row.getByRole('link', { name: /Open the session/ });

    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'desk');
    await page.setViewportSize({ width: 768, height: 1024 });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'desk-tablet');

    // She records when the family was told of a cancellation; it leaves the list.
    const untold = page.getByTestId('desk-untold');
    const cancelled = untold.getByRole('listitem').filter({ hasText: 'The child is ill' });
    await cancelled.getByRole('button', { name: 'Record when they were told…' }).click();
    await cancelled.getByLabel('How were they told?').selectOption('PHONE');
    await cancelled.getByLabel('Time').fill('00:00');
    await cancelled.getByRole('button', { name: 'Record it' }).click();
    await page.getByTestId('desk-message').filter({ hasText: 'family was told' }).waitFor();
    await cancelled.waitFor({ state: 'detached' });
    const { session: told } = await api<{ session: { cancellation: { familyInformedAt: string } } }>(
      page,
      'query($id: ID!) { session(id: $id) { cancellation { familyInformedAt } } }',
      { id: ids.cancelled },
    );
    expect(Date.parse(told.cancellation.familyInformedAt)).toBeLessThanOrEqual(Date.now());

    // Opening the session takes her to it on the timeline.
    await link.click();
    await page.waitForURL(/\/timeline\?date=.*session=/);
    await page.getByRole('dialog').waitFor();
    expect(await page.getByRole('dialog').innerText()).toMatch(/Maisie/);
    await context.close();
  });

  it('opens a record waiting for review on its own screen, whole, and approves it there', async () => {
    const { context, page } = await signedIn(browser, MANAGER, undefined, product.url);
    await page.goto(`${product.url}/desk`);
    const review = page.getByTestId('desk-review');
    const open = review.locator(`a[href="/desk/records/${ids.reviewed}"]`);
    await open.waitFor();
    // The desk offers no approval of its own: only the way to the record.
    expect(await review.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    // A record submitted while the desk is open joins the list without a reload.
    const another = await submittedRecord(await session(3, true));
    await review.locator(`a[href="/desk/records/${another}"]`).waitFor();
    await open.click();
    await page.waitForURL(new RegExp(`/desk/records/${ids.reviewed}$`));

    const record = page.getByTestId('desk-record');
    await record.getByText(MARKER).waitFor();
    expect(await record.innerText()).toMatch(/Facts and direct statements/i);
    expect(await record.innerText()).toMatch(/Supervisor’s opinion/i);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'desk-review');

    await page.getByTestId('review-actions').getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('status').filter({ hasText: 'Approved.' }).waitFor();
    const { observation } = await api<{ observation: { status: string; reviewer: { name: string } } }>(
      page,
      'query($id: ID!) { observation(id: $id) { status reviewer { name } } }',
      { id: ids.reviewed },
    );
    expect(observation).toEqual({ status: 'APPROVED', reviewer: { name: 'Priya Shah' } });
    await page.getByRole('button', { name: 'Issue as final evidence' }).waitFor();
    await context.close();
  });
});
