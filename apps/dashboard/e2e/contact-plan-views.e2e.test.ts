import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe';
import { launch, londonDay, productUrl, screenshot, signedIn } from './browser';

/**
 * The contact plan's views (docs/contact-plan.md), each at desktop (1280×800) and tablet (768×1024) width: no serious
 * or critical axe violation, no sideways scroll of the page at tablet width, and the screenshot the docs show. Read
 * only, on the run's shared demo product: each view is opened and looked at, nothing is saved. (The caseload with its
 * review reminder is looked at by contact-plan.e2e.test.ts, which writes the agreement that is due for review.)
 */

const SOCIAL_WORKER = 'aisha.khan@coxford.example';
const MANAGER = 'priya.shah@coxford.example';
const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 768, height: 1024 },
] as const;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

/** Checks the page as it stands at each width, and takes the view's screenshots. */
async function atEachWidth(page: Page, view: string, ready: () => Promise<unknown>): Promise<void> {
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await ready();
    expect(await seriousViolations(page), `${view} at ${size.width}`).toEqual([]);
    if (size.width === 768) {
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
        `${view} scrolls sideways at 768`,
      ).toBe(true);
    }
    await screenshot(page, `contact-plan-${view}-${size.width}`);
  }
}

/** Maisie's history page, reached from the social worker's caseload. */
async function maisieHistory(page: Page): Promise<void> {
  await page.goto(`${productUrl()}/caseload`);
  await page
    .getByTestId('caseload-child')
    .filter({ hasText: 'Maisie' })
    .getByRole('link', { name: /contact history/ })
    .click();
  await page.waitForURL(/\/children\/[0-9a-f-]{36}$/);
}

/** The first Thursday at least fifteen weeks ahead, where no other test books. */
function farThursday(): string {
  for (let offset = 105; ; offset++) {
    const day = londonDay(offset);
    if (new Date(`${day}T12:00:00Z`).getUTCDay() === 4) return day;
  }
}

describe('the contact plan’s views, at desktop and tablet width', () => {
  it('the social worker’s: the agreement dialog, the child’s history with its agreements’ life, the court bundle form and the parents’ copy', async () => {
    const { context, page } = await signedIn(browser, SOCIAL_WORKER);
    await maisieHistory(page);

    await page.getByRole('button', { name: 'Write a new agreement' }).click();
    const write = page.getByRole('dialog', { name: 'New agreement for Maisie' });
    await atEachWidth(page, 'agreement-dialog', () => write.getByTestId('supervision-preview').waitFor());
    await write.getByRole('button', { name: 'Cancel' }).click();
    await write.waitFor({ state: 'detached' });

    await atEachWidth(page, 'child-history', () => page.getByTestId('agreement-cycle').first().waitFor());

    const bundle = page.getByTestId('court-bundle');
    await bundle.getByLabel('From').fill(londonDay(-60));
    await bundle.getByLabel('To').fill(londonDay(0));
    await atEachWidth(page, 'court-bundle', () => bundle.scrollIntoViewIfNeeded());

    const entry = page
      .locator('article')
      .filter({ has: page.getByRole('button', { name: /^Parents’ copy/, includeHidden: true }) })
      .first();
    await entry.getByRole('button', { name: /Show session details/ }).click();
    await entry.getByRole('button', { name: /^Parents’ copy/ }).click();
    const copy = page.getByTestId('parents-copy-dialog');
    await atEachWidth(page, 'parents-copy', () => copy.getByTestId('parents-copy-state').waitFor());
    await context.close();
  });

  it('the centre manager’s: booking with free times and a series plan, the week view, the desk, the review screen and the figures', async () => {
    const { context, page } = await signedIn(browser, MANAGER);
    const day = farThursday();
    await page.goto(`${productUrl()}/timeline?date=${day}`);
    await page.getByRole('button', { name: 'Book a session…' }).click();
    const book = page.getByRole('dialog', { name: 'Book a session' });
    await book.getByLabel(/^Family/).fill('Maisie');
    await book
      .getByRole('button', { name: /Maisie/ })
      .first()
      .click();
    await book.getByRole('button', { name: 'Show the next free times' }).click();
    await atEachWidth(page, 'free-slots', () =>
      book.getByTestId('free-slots').locator('li').first().waitFor(),
    );

    await book.getByLabel('Room', { exact: true }).selectOption({ label: 'Willow' });
    await book.getByLabel('Supervisor', { exact: true }).selectOption({ label: 'Kwame Mensah' });
    await book.getByLabel('Every week (a series)').check();
    await book.getByLabel('Child’s time starts').fill('18:00');
    await book.getByLabel('Length (minutes)').fill('60');
    const plan = book.getByTestId('series-plan');
    await atEachWidth(page, 'series-plan', () =>
      expect.poll(() => plan.innerText(), { timeout: 15_000 }).toMatch(/of 12 sessions can be booked/),
    );
    await book.getByRole('button', { name: 'Cancel' }).click();
    await book.waitFor({ state: 'detached' });

    await page.goto(`${productUrl()}/timeline?view=week&date=${londonDay(0)}`);
    await atEachWidth(page, 'week', () => page.getByTestId('week-room-Rowan').waitFor());

    await page.goto(`${productUrl()}/desk`);
    await atEachWidth(page, 'desk', () => page.getByTestId('desk-unrecorded').waitFor());

    // Any record on the desk opens on the review screen: one waiting for review, or an overdue one.
    await page.setViewportSize(WIDTHS[0]);
    const record = page.locator('a[href^="/desk/records/"]').first();
    await record.click();
    await page.waitForURL(/\/desk\/records\/[0-9a-f-]{36}$/);
    await atEachWidth(page, 'review', () => page.getByTestId('desk-record').waitFor());

    await page.goto(`${productUrl()}/figures`);
    await atEachWidth(page, 'figures', () =>
      page.getByRole('table', { name: 'Room use, week by week' }).waitFor(),
    );
    await context.close();
  });
});
