import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './axe';
import { api, launch, londonDay, screenshot, signedIn } from './browser';

/**
 * docs/figures.md in the real product: the centre manager reads the centre's figures, each as a chart with a table of
 * the same numbers, and sees them change as attendance is recorded, without reloading the page.
 */

const MANAGER = 'priya.shah@coxford.example';
const TITLES = [
  'Attendance rate',
  'Unexplained absences',
  'Days from signing to first contact',
  'Reports on time',
  'Time to acknowledge a flag',
  'Room use',
];

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

type Missed = { id: string; attendance: { outcome: string } | null };

/** A session of the figures' range (the last 12 weeks) at which someone did not come and gave no notice. */
async function findNoShow(page: Page): Promise<Missed> {
  const { myCentres } = await api<{ myCentres: { id: string }[] }>(page, '{ myCentres { id } }');
  for (let back = 1; back <= 70; back++) {
    const { centreSchedule } = await api<{ centreSchedule: Missed[] }>(
      page,
      `query($c: ID!, $d: String) { centreSchedule(centreId: $c, date: $d, statuses: [NOT_ATTENDED]) {
        id attendance { outcome } } }`,
      { c: myCentres[0]!.id, d: londonDay(-back) },
    );
    const session = centreSchedule.find((s) => s.attendance?.outcome === 'UNEXPLAINED_NO_SHOW');
    if (session) return session;
  }
  throw new Error('the demo weeks have no unexplained no-show left');
}

/** The whole range's count in the unexplained absences' table. */
async function unexplainedInAllWeeks(page: Page): Promise<number> {
  const cell = page.getByTestId('figure-unexplained').locator('tfoot td').first();
  return Number(await cell.innerText());
}

describe('centre figures', () => {
  it('shows each figure as a chart with its table, and follows attendance as it is recorded, at 1280 and 768 wide', async () => {
    const { context, page } = await signedIn(browser, MANAGER);
    await page.getByRole('link', { name: 'Centre figures' }).click();
    await page.getByRole('heading', { level: 1, name: 'Centre figures' }).waitFor();

    for (const title of TITLES) {
      const table = page.getByRole('table', { name: `${title}, week by week` });
      await table.waitFor();
      // Twelve weeks, and the row for all of them.
      expect(await table.locator('tbody tr').count()).toBe(12);
      expect(await table.locator('tfoot th').innerText()).toBe('All 12 weeks');
    }
    // The charts are pictures of the tables: hidden from screen readers, which read the tables.
    expect(await page.locator('svg[data-testid^="chart-"][aria-hidden="true"]').count()).toBe(TITLES.length);
    expect(await seriousViolations(page)).toEqual([]);

    const session = await findNoShow(page);
    const before = await unexplainedInAllWeeks(page);
    expect(before).toBeGreaterThan(0);
    await api(page, `mutation($input: CorrectAttendanceInput!) { correctAttendance(input: $input) { id } }`, {
      input: {
        sessionId: session.id,
        outcome: 'EXPLAINED_ABSENCE',
        reason: 'The father rang before the start; the call was logged on paper only.',
      },
    });
    // No reload: the live change brings the new figures.
    await expect.poll(() => unexplainedInAllWeeks(page), { timeout: 20_000 }).toBe(before - 1);
    await screenshot(page, 'figures');

    // At tablet width each table sits beneath its chart, and the page never scrolls sideways (a wide table scrolls
    // within its own box).
    await page.setViewportSize({ width: 768, height: 1024 });
    const table = page.getByRole('table', { name: 'Room use, week by week' });
    const chart = page.getByTestId('chart-rooms');
    await expect
      .poll(async () => {
        const [c, t] = [await chart.boundingBox(), await table.boundingBox()];
        return t!.y >= c!.y + c!.height - 1;
      })
      .toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'figures-768');
    await context.close();
  });
});
