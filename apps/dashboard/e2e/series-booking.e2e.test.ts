import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addDaysToDateKey, fromLondonDateKey } from '@kinroom/domain';
import { seriousViolations } from './axe';
import { api, launch, londonDay, screenshot, signedIn } from './browser';

const MANAGER = 'priya.shah@coxford.example';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

/**
 * The first Wednesday at least ten weeks ahead: far from the demo week and from the other browser tests' days, so
 * the only bookings in the way are the ones this test makes. (No bank holiday falls on a Wednesday in spring.)
 */
function firstWednesday(): string {
  for (let offset = 70; ; offset++) {
    const day = londonDay(offset);
    if (new Date(`${day}T12:00:00Z`).getUTCDay() === 3) return day;
  }
}
const plusDays = addDaysToDateKey;

interface Ids {
  centre: string;
  rooms: Record<string, string>;
  staff: Record<string, string>;
}
async function ids(page: Page): Promise<Ids> {
  const { myCentres } = await api<{ myCentres: { id: string; rooms: { id: string; name: string }[] }[] }>(
    page,
    '{ myCentres { id rooms { id name } } }',
  );
  const centre = myCentres[0]!;
  const { centreStaff } = await api<{ centreStaff: { id: string; name: string }[] }>(
    page,
    'query($c: ID!) { centreStaff(centreId: $c, role: SUPERVISOR) { id name } }',
    { c: centre.id },
  );
  return {
    centre: centre.id,
    rooms: Object.fromEntries(centre.rooms.map((r) => [r.name, r.id])),
    staff: Object.fromEntries(centreStaff.map((s) => [s.name, s.id])),
  };
}

/** Another family's session in Rowan at 19:00 on a day: the clash this test creates itself. */
async function bookInTheWay(page: Page, at: Ids, day: string, supervisor: string): Promise<void> {
  const { centreAgreements } = await api<{ centreAgreements: { id: string }[] }>(
    page,
    'query($c: ID!) { centreAgreements(centreId: $c, search: "Maisie", statuses: [ACTIVE]) { id } }',
    { c: at.centre },
  );
  const startsAt = fromLondonDateKey(day, '19:00');
  await api(page, 'mutation($input: BookSessionInput!) { bookSession(input: $input) { id } }', {
    input: {
      agreementId: centreAgreements[0]!.id,
      kind: 'CONTACT',
      roomId: at.rooms.Rowan,
      supervisorId: at.staff[supervisor],
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
    },
  });
}

describe('booking a weekly series', () => {
  it('finds a family by name, shows the rules before Book, takes a suggestion, reports a refusal, and the week view shows the series live, moved and cancelled', async () => {
    const first = firstWednesday();
    const { context, page } = await signedIn(browser, MANAGER);
    const at = await ids(page);
    // Week 3 of the series is taken in Rowan at 19:00 by another family, with another supervisor.
    await bookInTheWay(page, at, plusDays(first, 14), 'Hannah Price');

    // A second manager's screen watches the series' first week.
    const watcher = await signedIn(browser, MANAGER, { width: 768, height: 1024 });
    // This week marks today's column.
    await watcher.page.goto(new URL('/timeline?view=week', watcher.page.url()).href);
    await watcher.page.getByTestId('week-grid').waitFor();
    expect(await watcher.page.locator('th[aria-current="date"]').innerText()).toMatch(/Today/);
    await watcher.page.goto(new URL(`/timeline?view=week&date=${first}`, watcher.page.url()).href);
    const watchedRowan = watcher.page.getByTestId('week-room-Rowan');
    await watchedRowan.waitFor();
    expect(await watcher.page.getByRole('heading', { level: 1 }).innerText()).toBe('Week');
    expect(await watchedRowan.getByRole('button', { name: /Amara O\./ }).count()).toBe(0);

    await page.goto(new URL(`/timeline?date=${first}`, page.url()).href);
    await page.getByRole('button', { name: 'Book a session…' }).click();
    const book = page.getByRole('dialog', { name: 'Book a session' });
    await book.waitFor();

    // The family is found by name among the centre's agreements.
    await book.getByLabel(/^Family/).fill('Amar');
    await book.getByRole('button', { name: /Amara O\./ }).click();
    expect(await book.getByTestId('family-chosen').innerText()).toMatch(/Amara O\./);

    // Find a slot offers the family's next free times.
    await book.getByRole('button', { name: 'Show the next free times' }).click();
    await book.getByTestId('free-slots').locator('li').first().waitFor();

    await book.getByLabel('Room', { exact: true }).selectOption({ label: 'Rowan' });
    await book.getByLabel('Supervisor', { exact: true }).selectOption({ label: 'Grace Lin' });
    await book.getByLabel('Every week (a series)').check();
    expect(await book.getByLabel('Wednesday').isChecked()).toBe(true);
    await book.getByLabel('Child’s time starts').fill('19:00');
    await book.getByLabel('Length (minutes)').fill('60');
    expect(await book.getByLabel('Number of weeks').inputValue()).toBe('12');

    // The rules before Book: one session clashes, named in words, with the nearest free time offered.
    const plan = book.getByTestId('series-plan');
    await expect.poll(() => plan.innerText(), { timeout: 15_000 }).toMatch(/11 of 12 sessions can be booked/);
    const clash = plan.locator(`li[data-date="${plusDays(first, 14)}"]`);
    expect(await clash.innerText()).toMatch(
      /The room is already booked for a session on .* from 19:00 to 20:00/,
    );
    expect(await clash.innerText()).toMatch(/Nearest free time: .* with Grace Lin/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'series-plan');
    await clash.getByRole('button', { name: 'Use this time' }).click();
    expect(await clash.innerText()).toMatch(/Booking it at .* instead/);

    // Meanwhile someone books week 5: the series is refused whole, and the report says which session and why.
    await bookInTheWay(page, at, plusDays(first, 28), 'Hannah Price');
    await book.getByRole('button', { name: 'Book the series' }).click();
    const refused = book.getByTestId('series-refused');
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(/Nothing was booked: 1 session can no longer be booked/);
    expect(await refused.innerText()).toMatch(/The room is already booked/);
    const late = plan.locator(`li[data-date="${plusDays(first, 28)}"]`);
    await expect.poll(() => late.innerText(), { timeout: 15_000 }).toMatch(/Nearest free time/);
    await late.getByRole('button', { name: 'Use this time' }).click();
    // Every session is settled: the summary asks for no decision.
    await expect
      .poll(() => plan.getByRole('status').innerText(), { timeout: 15_000 })
      .toMatch(/can be booked as planned\.$/);

    await book.getByRole('button', { name: 'Book the series' }).click();
    await book.waitFor({ state: 'detached' });
    expect(await page.getByTestId('timeline-message').innerText()).toMatch(
      /Booked 12 sessions for Amara O\.: Wednesdays at 19:00/,
    );

    // The other screen shows the first session without being reloaded.
    await watchedRowan
      .locator(`td[data-day="${first}"]`)
      .getByRole('button', { name: /Amara O\., 19:00–20:00 Booked/ })
      .waitFor();
    expect(await seriousViolations(watcher.page)).toEqual([]);
    await screenshot(watcher.page, 'series-week');

    // The session dialog says where a session sits in its series, and moves or cancels the rest of it.
    await page
      .getByTestId('timeline-room-Rowan')
      .getByRole('button', { name: /Amara O\./ })
      .click();
    const details = page.getByRole('dialog', { name: 'Amara O. · Rowan' });
    expect(await details.getByTestId('dialog-series').innerText()).toBe('Weekly series, session 1 of 12');
    await details.getByRole('button', { name: 'Move the rest of the series…' }).click();
    const move = page.getByRole('dialog', { name: 'Move Amara O.’s session' });
    expect(await move.getByLabel('This and the rest of the series').isChecked()).toBe(true);
    await move.getByLabel('Room', { exact: true }).selectOption({ label: 'Willow' });
    await move.getByRole('button', { name: 'Move the session' }).click();
    await move.waitFor({ state: 'detached' });
    expect(await page.getByTestId('timeline-message').innerText()).toMatch(
      /Moved 12 of Amara O\.’s sessions, this one and the rest of the series \(now in Willow\)/,
    );
    const watchedWillow = watcher.page.getByTestId('week-room-Willow').locator(`td[data-day="${first}"]`);
    await watchedWillow.getByRole('button', { name: /Amara O\., 19:00–20:00 Booked/ }).waitFor();

    await page
      .getByTestId('timeline-room-Willow')
      .getByRole('button', { name: /Amara O\./ })
      .click();
    const moved = page.getByRole('dialog', { name: 'Amara O. · Willow' });
    await moved.getByRole('button', { name: 'Cancel the rest of the series…' }).click();
    const cancel = page.getByRole('dialog', { name: 'Cancel Amara O.’s session' });
    await cancel.getByLabel('Not yet (Kinroom will message the family)').check();
    await cancel.getByRole('button', { name: 'Cancel the session' }).click();
    await cancel.waitFor({ state: 'detached' });
    expect(await page.getByTestId('timeline-message').innerText()).toMatch(
      /Cancelled 12 of Amara O\.’s sessions, this one and the rest of the series\./,
    );
    await watchedWillow.getByRole('button', { name: /Amara O\., 19:00–20:00 Cancelled/ }).waitFor();
    await watcher.context.close();
    await context.close();
  });
});
