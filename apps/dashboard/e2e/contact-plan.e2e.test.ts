import { addDaysToDateKey, formatLondonDate, formatLondonTime, fromLondonDateKey } from '@kinroom/domain';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe';
import { api, launch, londonDay, screenshot, signedIn } from './browser';
import { startOwnProduct, type OwnProduct } from './own-product';
import { downloadedPdf } from './pdf';

/**
 * The contact plan walked whole (docs/contact-plan.md), in Chromium, on a product of this file's own (the demo week on
 * a database the test can write fixtures to): the social worker writes and signs an agreement for a child new to her
 * caseload; the centre manager finds the family in the booking dialog and books twelve weeks in one action, taking the
 * suggestion for the one week that clashes, while her other screen's week view shows the series arrive; a session
 * nobody recorded shows on her desk until the supervisor records the no-show; and the social worker downloads the court
 * bundle that holds it.
 */

const SOCIAL_WORKER = 'aisha.khan@coxford.example';
const MANAGER = 'priya.shah@coxford.example';
const CHILD = { firstName: 'Juniper', lastName: 'Thornbury', shown: 'Juniper T.' };

let product: OwnProduct;
let browser: Browser;

beforeAll(async () => {
  product = await startOwnProduct();
  browser = await launch();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

/**
 * A booked contact session of the named child's active agreement, written straight to the database as a fixture: in
 * the named room and with the named supervisor, or else in the first room and with the first supervisor of the centre
 * free around that time. Its id and its supervisor's email.
 */
async function bookedBySql(
  childFirstName: string,
  startsAt: Date,
  endsAt: Date,
  where: { room?: string; supervisor?: string } = {},
): Promise<{ id: string; supervisor: string }> {
  const { rows } = await product.sql.query(
    `with a as (
       select a.* from contact_agreement a join child c on c.id = a.child_id
        where c.first_name = $1 and a.status = 'active' limit 1),
     free_room as (
       select r.id from room r, a
        where r.centre_id = a.centre_id and ($4::text is null or r.name = $4)
          and not exists (select 1 from session s where s.room_id = r.id and s.status <> 'cancelled'
                and tstzrange(s.held_from, s.held_until) && tstzrange($2::timestamptz - interval '1 hour', $3::timestamptz + interval '1 hour'))
        order by r.name limit 1),
     free_supervisor as (
       select u.id, u.email from staff_user u, a
        where u.centre_id = a.centre_id and u.role = 'supervisor' and ($5::text is null or u.email = $5)
          and not exists (select 1 from session s where s.supervisor_id = u.id and s.status <> 'cancelled'
                and tstzrange(s.held_from, s.held_until) && tstzrange($2::timestamptz - interval '1 hour', $3::timestamptz + interval '1 hour'))
        order by u.email limit 1),
     booked as (
       insert into session (id, council_id, centre_id, room_id, supervisor_id, agreement_id, child_id, kind,
              starts_at, ends_at, turnover_minutes, status)
       select gen_random_uuid(), a.council_id, a.centre_id, free_room.id, free_supervisor.id, a.id, a.child_id,
              'contact', $2, $3, 15, 'scheduled'
         from a, free_room, free_supervisor
       returning id)
     select booked.id, free_supervisor.email as supervisor from booked, free_supervisor`,
    [childFirstName, startsAt, endsAt, where.room ?? null, where.supervisor ?? null],
  );
  if (!rows[0])
    throw new Error(`no room or supervisor free for ${childFirstName} at ${startsAt.toISOString()}`);
  return { id: rows[0].id!, supervisor: rows[0].supervisor! };
}

/** The first Wednesday at least four weeks ahead, clear of the demo week's bookings. */
function firstWednesday(): string {
  for (let offset = 28; ; offset++) {
    const day = londonDay(offset);
    if (new Date(`${day}T12:00:00Z`).getUTCDay() === 3) return day;
  }
}

const noSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

/** A child new to the social worker's caseload, with the mother, made through her own GraphQL as the case system would. */
async function newChild(page: Page): Promise<string> {
  const made = await api<{ child: { id: string }; mother: { id: string } }>(
    page,
    `mutation($child: ChildInput!, $mother: FamilyMemberInput!) {
       child: saveChild(input: $child) { id }
       mother: saveFamilyMember(input: $mother) { id }
     }`,
    {
      child: { firstName: CHILD.firstName, lastName: CHILD.lastName, dateOfBirth: '2018-06-03' },
      mother: { firstName: 'Carys', lastName: CHILD.lastName, phone: '07700 900456' },
    },
  );
  await api(
    page,
    `mutation($c: ID!, $f: ID!) {
       linkFamilyMember(childId: $c, familyMemberId: $f, relationship: "mother", parentalResponsibility: true) { id }
     }`,
    { c: made.child.id, f: made.mother.id },
  );
  return made.child.id;
}

describe('the contact plan, walked whole', () => {
  it('is agreed, booked as a series with a clash resolved, watched live, chased on the desk and bundled for court', async () => {
    // 1. The social worker writes and signs the agreement, with its first review in five days.
    const sw = await signedIn(browser, SOCIAL_WORKER, undefined, product.url);
    const childId = await newChild(sw.page);
    await sw.page.goto(`${product.url}/children/${childId}`);
    await sw.page.getByRole('button', { name: 'Write a new agreement' }).click();
    const write = sw.page.getByRole('dialog', { name: `New agreement for ${CHILD.firstName}` });
    await write.getByLabel('Low-level risk').check();
    await write.getByLabel('Contact centre').selectOption({ label: 'Coxford Road Family Contact Centre' });
    await write.getByLabel(`Carys ${CHILD.lastName} (mother)`).check();
    await write.getByLabel('Sessions a week').fill('1');
    await write.getByLabel('Minutes per session').fill('60');
    await write.getByLabel(/Transport plan/).fill('The carers bring Juniper and collect her.');
    await write.getByLabel('Condition 1', { exact: true }).fill('Arrive sober and on time');
    await write.getByLabel('First review date').fill(londonDay(5));
    await write.getByRole('button', { name: 'Write the agreement' }).click();
    await write.waitFor({ state: 'detached' });
    const card = sw.page.getByTestId('agreement').filter({ hasText: 'Carys (mother)' });
    await card.getByRole('button', { name: 'Record the signature' }).click();
    const sign = sw.page.getByRole('dialog', { name: 'Record the parent’s signature' });
    await sign.getByLabel(/Signed by/).fill(`Carys ${CHILD.lastName}`);
    await sign.getByLabel('A signed copy came back by post').check();
    await sign.getByRole('button', { name: 'Record the signature' }).click();
    await sign.waitFor({ state: 'detached' });
    await card.getByText('Active').first().waitFor();

    // Her caseload reminds her of the review due within the week.
    await sw.page
      .getByRole('navigation')
      .getByRole('link', { name: /caseload/i })
      .click();
    const entry = sw.page.getByTestId('caseload-child').filter({ hasText: CHILD.firstName });
    await entry.getByTestId('review-reminders').getByRole('button', { name: 'Record the review' }).waitFor();
    for (const [width, height] of [
      [1280, 800],
      [768, 1024],
    ] as const) {
      await sw.page.setViewportSize({ width, height });
      expect(await seriousViolations(sw.page)).toEqual([]);
      expect(await noSideways(sw.page)).toBe(true);
      await screenshot(sw.page, `contact-plan-caseload-${width}`);
    }

    // 2. Another family has Rowan at 19:00 in the series' third week.
    const first = firstWednesday();
    const clashDay = addDaysToDateKey(first, 14);
    const clashAt = fromLondonDateKey(clashDay, '19:00');
    await bookedBySql('Maisie', clashAt, new Date(clashAt.getTime() + 3_600_000), {
      room: 'Rowan',
      supervisor: 'hannah.price@coxford.example',
    });

    // 3. The manager's other screen has the series' first week open.
    const watcher = await signedIn(browser, MANAGER, undefined, product.url);
    await watcher.page.goto(`${product.url}/timeline?view=week&date=${first}`);
    const watchedDay = watcher.page.getByTestId('week-room-Rowan').locator(`td[data-day="${first}"]`);
    await watchedDay.waitFor();
    expect(await watchedDay.getByRole('button', { name: new RegExp(CHILD.shown) }).count()).toBe(0);

    const manager = await signedIn(browser, MANAGER, undefined, product.url);
    await manager.page.goto(`${product.url}/timeline?date=${first}`);
    await manager.page.getByRole('button', { name: 'Book a session…' }).click();
    const book = manager.page.getByRole('dialog', { name: 'Book a session' });
    await book.getByLabel(/^Family/).fill(CHILD.lastName.slice(0, 5));
    await book.getByRole('button', { name: new RegExp(CHILD.shown) }).click();
    expect(await book.getByTestId('family-chosen').innerText()).toContain(CHILD.shown);
    await book.getByRole('button', { name: 'Show the next free times' }).click();
    await book.getByTestId('free-slots').locator('li').first().waitFor();

    await book.getByLabel('Room', { exact: true }).selectOption({ label: 'Rowan' });
    await book.getByLabel('Supervisor', { exact: true }).selectOption({ label: 'Grace Lin' });
    await book.getByLabel('Every week (a series)').check();
    await book.getByLabel('Child’s time starts').fill('19:00');
    await book.getByLabel('Length (minutes)').fill('60');
    await book.getByLabel('Number of weeks').fill('12');
    const plan = book.getByTestId('series-plan');
    await expect.poll(() => plan.innerText(), { timeout: 15_000 }).toMatch(/11 of 12 sessions can be booked/);
    // One clash, the one this test made, reported in words with the nearest free time.
    const clash = plan.locator(`li[data-date="${clashDay}"]`);
    expect(await clash.innerText()).toMatch(
      /The room is already booked for a session on .* from 19:00 to 20:00/,
    );
    expect(await clash.getByRole('button', { name: 'Use this time' }).count()).toBe(1);
    expect(await plan.getByRole('button', { name: 'Use this time' }).count()).toBe(1);
    await clash.getByRole('button', { name: 'Use this time' }).click();
    expect(await clash.innerText()).toMatch(/Booking it at .* instead/);
    await book.getByRole('button', { name: 'Book the series' }).click();
    await book.waitFor({ state: 'detached' });
    expect(await manager.page.getByTestId('timeline-message').innerText()).toMatch(
      new RegExp(`Booked 12 sessions for ${CHILD.shown}: Wednesdays at 19:00`),
    );

    // The other screen shows the first session without a reload.
    await watchedDay
      .getByRole('button', { name: new RegExp(`${CHILD.shown}, 19:00–20:00 Booked`) })
      .waitFor();
    await watcher.context.close();

    // 4. Earlier today a session of this family's ended with nothing recorded. The test cannot wait for a booked
    // session's time to pass, so it is written to the database as already booked: it ended a minute ago (so it is
    // also today's on its supervisor's screen, whenever the test runs but the first minute after midnight).
    const endedAt = new Date(Date.now() - 60_000);
    const startedAt = new Date(endedAt.getTime() - 45 * 60_000);
    const missed = await bookedBySql(CHILD.firstName, startedAt, endedAt);

    await manager.page.getByRole('navigation').getByRole('link', { name: 'Desk' }).click();
    await manager.page.getByRole('heading', { name: 'Desk', level: 1 }).waitFor();
    const unrecorded = manager.page.getByTestId('desk-unrecorded');
    const row = unrecorded.getByRole('listitem').filter({
      has: manager.page.locator(`a[href*="session=${missed.id}"]`),
    });
    await row.waitFor();
    expect(await row.innerText()).toMatch(new RegExp(`${CHILD.shown}.*ended`, 's'));
    const count = () => unrecorded.getByTestId('desk-unrecorded-count').innerText().then(Number);
    const before = await count();
    expect(before).toBeGreaterThan(0);

    // The supervisor records the no-show from the session on his own screen; the desk follows without a reload.
    const supervisor = await signedIn(browser, missed.supervisor, undefined, product.url);
    await supervisor.page.goto(`${product.url}/my-sessions`);
    const session = supervisor.page.getByTestId(`session-${CHILD.firstName}`);
    await session.getByRole('button', { name: 'Record no-show' }).click();
    await session.getByRole('button', { name: 'Yes: record no-show' }).click();
    await expect.poll(() => session.getByTestId('session-status').innerText()).toContain('Not attended');
    await supervisor.context.close();

    await row.waitFor({ state: 'detached', timeout: 15_000 });
    await expect.poll(count).toBe(before - 1);
    await manager.context.close();

    // 5. The social worker downloads the court bundle for the week from the child's history: it holds the no-show.
    await sw.page.goto(`${product.url}/children/${childId}`);
    const form = sw.page.getByTestId('court-bundle');
    const from = londonDay(-7);
    const to = londonDay(0);
    await form.getByLabel('From').fill(from);
    await form.getByLabel('To').fill(to);
    const [download] = await Promise.all([
      sw.page.waitForEvent('download'),
      form.getByRole('button', { name: 'Download court bundle' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`court-bundle-JT-${from}-to-${to}.pdf`);
    const { header, text } = await downloadedPdf(download);
    expect(header).toBe('%PDF-');
    expect(text).toContain('Contact history: court bundle');
    expect(text).toContain(`${CHILD.firstName} ${CHILD.lastName}`);
    // The session as the bundle heads it, with its attendance.
    expect(text).toContain(
      `${formatLondonDate(startedAt)}, ${formatLondonTime(startedAt)} to ${formatLondonTime(endedAt)}`,
    );
    expect(text).toMatch(/Did not attend, no notice before the session/);
    await sw.context.close();
  });
});
