import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, launch, londonDay, screenshot, signedIn } from './browser';

/**
 * docs/domain.md rule 7 in the real product: a recorded absence changes only through the centre manager's reasoned
 * correction, made from the session's dialog on the timeline and kept, with who, when, why and from what to what.
 */

const MANAGER = 'priya.shah@coxford.example';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

type Missed = { id: string; child: { firstName: string }; attendance: { outcome: string } | null };

/** A day of the demo week's past on which someone did not come and gave no notice. */
async function findNoShow(page: Page): Promise<{ date: string; session: Missed }> {
  const { myCentres } = await api<{ myCentres: { id: string }[] }>(page, '{ myCentres { id } }');
  for (let back = 1; back <= 90; back++) {
    const date = londonDay(-back);
    const { centreSchedule } = await api<{ centreSchedule: Missed[] }>(
      page,
      `query($c: ID!, $d: String) { centreSchedule(centreId: $c, date: $d, statuses: [NOT_ATTENDED]) {
        id child { firstName } attendance { outcome } } }`,
      { c: myCentres[0]!.id, d: date },
    );
    const session = centreSchedule.find((s) => s.attendance?.outcome === 'UNEXPLAINED_NO_SHOW');
    if (session) return { date, session };
  }
  throw new Error('the demo week has no unexplained no-show');
}

describe('correcting a recorded absence', () => {
  it('asks for a reason, then keeps the correction with who made it and shows it on the session', async () => {
    const { context, page } = await signedIn(browser, MANAGER);
    const { date, session } = await findNoShow(page);
    await page.goto(new URL(`/timeline?date=${date}`, page.url()).href);
    const block = page.locator(`[data-session="${session.id}"]`);
    await block.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('dialog-attendance').innerText()).toBe('unexplained absence');

    await dialog.getByText('Correct the attendance…').click();
    await dialog.getByRole('button', { name: 'Correct to explained absence' }).click();
    expect(await dialog.getByRole('alert').innerText()).toMatch(/Give the reason for the correction/);

    await dialog
      .getByLabel('Reason for the correction')
      .fill('The mother rang at 9am, before the start; the call was only logged on paper.');
    await dialog.getByRole('button', { name: 'Correct to explained absence' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByTestId('timeline-message').innerText()).toBe(
      'Attendance corrected to explained absence.',
    );

    await block.click();
    await dialog.waitFor();
    await expect.poll(() => dialog.getByTestId('dialog-attendance').innerText()).toBe('explained absence');
    expect(await dialog.getByTestId('attendance-correction').innerText()).toMatch(
      /^Corrected by Priya Shah on \w{3} \d{1,2} \w{3}, \d\d:\d\d: unexplained absence → explained absence\. Reason: “The mother rang at 9am/,
    );
    await screenshot(page, 'timeline-attendance-corrected');
    await context.close();
  });
});
