import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { seriousViolations } from './axe';
import { launch, londonDay, screenshot, signedIn } from './browser';

const MANAGER = 'priya.shah@coxford.example';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

const row = (page: Page, room: string) => page.getByTestId(`timeline-room-${room}`);
async function openTimeline(page: Page, date?: string): Promise<void> {
  await page.goto(new URL(date ? `/timeline?date=${date}` : '/timeline', page.url()).href);
  await row(page, 'Willow').waitFor();
}

async function pick(dialog: Locator, label: string, option: string): Promise<void> {
  await dialog.getByLabel(label, { exact: true }).selectOption({ label: option });
}

/** Finds the family by the child's name and chooses them. */
async function chooseFamily(dialog: Locator, name: string): Promise<void> {
  await dialog.getByLabel(/^Family/).fill(name.slice(0, 4));
  await dialog.getByRole('button', { name: new RegExp(`^${name.replace('.', '\\.')}`) }).click();
  await dialog.getByTestId('family-chosen').waitFor();
}

describe("today's timeline", () => {
  it('shows rooms across the day with sessions as labelled blocks, the time now, and filters', async () => {
    const { context, page } = await signedIn(browser, MANAGER);
    await page.getByRole('link', { name: "Today's timeline" }).click();
    await row(page, 'Willow').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Today’s timeline');

    // Maisie's session in Willow is under way: a button that says who, when, where and how it stands.
    const maisie = row(page, 'Willow').getByRole('button', {
      name: /Maisie C\. \d\d:\d\d to \d\d:\d\d, Willow, In progress/,
    });
    await maisie.waitFor();
    expect(await maisie.innerText()).toMatch(/In progress/);
    expect(await page.locator('.now-label').innerText()).toMatch(/Now \d\d:\d\d/);
    expect(await page.locator('.hours').innerText()).toMatch(/07:00[\s\S]*22:00/);

    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'In progress' });
    await expect.poll(() => page.locator('.block').count()).toBe(1);
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Any status' });
    await page.getByLabel('Room', { exact: true }).selectOption({ label: 'Willow' });
    await expect.poll(() => page.locator('.rows > li').count()).toBe(1);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.locator('.rows > li').count()).toBe(7);

    // Keyboard only: the block opens its dialog, Escape closes it and focus goes back to the block.
    await maisie.focus();
    await page.keyboard.press('Enter');
    const details = page.getByRole('dialog', { name: 'Maisie C. · Willow' });
    await details.waitFor();
    expect(await details.innerText()).toMatch(/This session can no longer be moved or cancelled/);
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/Maisie C\./);

    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'timeline-1280');
    await context.close();

    // A tablet opens the timeline with the present in view: the day scrolls across, the rooms stay put.
    const tablet = await signedIn(browser, MANAGER, { width: 768, height: 1024 });
    await openTimeline(tablet.page);
    const box = await row(tablet.page, 'Willow')
      .getByRole('button', { name: /Maisie C\./ })
      .boundingBox();
    expect(box!.x + box!.width).toBeGreaterThan(0);
    expect(box!.x).toBeLessThan(768);
    await screenshot(tablet.page, 'timeline-768');
    expect(await seriousViolations(tablet.page)).toEqual([]);
    await tablet.context.close();
  });

  it('books, moves, shows the API’s message for a clash, and cancels with the reason and when the family was told', async () => {
    const { context, page } = await signedIn(browser, MANAGER);
    // Tomorrow evening, so the test does not depend on the hour it runs at, and leaves today's demo alone.
    const day = londonDay(1);
    await openTimeline(page, day);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Timeline');

    // Ruby's agreement is at high vigilance: the booking needs a second member of staff.
    await page.getByRole('button', { name: 'Book a session…' }).click();
    const book = page.getByRole('dialog', { name: 'Book a session' });
    await book.waitFor();
    await chooseFamily(book, 'Ruby W.');
    await expect.poll(() => book.innerText()).toMatch(/High vigilance: a second member of staff/);
    await pick(book, 'Room', 'Cedar');
    await pick(book, 'Supervisor', 'Kwame Mensah');
    await book.getByLabel('Child’s time starts').fill('20:00');
    await book.getByLabel('Ends', { exact: true }).fill('21:00');
    await book.getByRole('button', { name: 'Book', exact: true }).click();
    expect(await book.getByTestId('book-error').innerText()).toMatch(/choose a second member of staff/);
    await pick(book, 'Second member of staff (needed)', 'Ruth Evans');
    await screenshot(page, 'timeline-book-dialog');
    await book.getByRole('button', { name: 'Book', exact: true }).click();
    await book.waitFor({ state: 'detached' });
    expect(await page.getByTestId('timeline-message').innerText()).toMatch(
      /Booked Ruby W\. in Cedar, 20:00–21:00/,
    );
    const ruby = row(page, 'Cedar').getByRole('button', { name: /Ruby W\. 20:00 to 21:00, Cedar, Booked/ });
    await ruby.waitFor();
    const rubyId = await ruby.getAttribute('data-session');

    // Move it a quarter of an hour later.
    await ruby.click();
    const details = page.getByRole('dialog', { name: 'Ruby W. · Cedar' });
    await details.getByRole('button', { name: 'Move…' }).click();
    const move = page.getByRole('dialog', { name: 'Move Ruby W.’s session' });
    await move.getByLabel('Child’s time starts').fill('20:15');
    await move.getByLabel('Ends', { exact: true }).fill('21:15');
    await move.getByRole('button', { name: 'Move the session' }).click();
    await move.waitFor({ state: 'detached' });
    expect(await page.getByTestId('timeline-message').innerText()).toMatch(
      /Moved Ruby W\.’s session to 20:15–21:15/,
    );
    await row(page, 'Cedar')
      .getByRole('button', { name: /Ruby W\. 20:15 to 21:15/ })
      .waitFor();

    // Another family in the same room at an overlapping time: the API refuses, naming Ruby's session.
    await page.getByRole('button', { name: 'Book a session…' }).click();
    await book.waitFor();
    await chooseFamily(book, 'Isla M.');
    expect(await book.getByTestId('family-chosen').innerText()).toMatch(
      /Isla M\. \(with .* active agreement/,
    );
    await pick(book, 'Room', 'Cedar');
    await pick(book, 'Supervisor', 'Tom Okafor');
    await book.getByLabel('Child’s time starts').fill('20:45');
    await book.getByLabel('Ends', { exact: true }).fill('21:45');
    // The rules show before Book: the clash in words, naming Ruby's session by its time and room.
    await expect
      .poll(() => book.getByTestId('series-plan').innerText(), { timeout: 15_000 })
      .toMatch(
        /This session cannot be booked as planned[\s\S]*already booked .* from 20:15 to 21:15 in Cedar/,
      );
    await book.getByRole('button', { name: 'Book', exact: true }).click();
    const clash = await book.getByTestId('book-error').innerText();
    expect(clash).toMatch(/The room is already booked/);
    expect(clash).toContain(rubyId);
    expect(clash).toMatch(/That is Ruby W\.’s session in Cedar, 20:15–21:15, with Kwame Mensah\./);
    await screenshot(page, 'timeline-clash');
    await page.keyboard.press('Escape');
    await book.waitFor({ state: 'detached' });

    // Cancel Ruby's session: "another reason" needs details; the family was told just now, by phone.
    await row(page, 'Cedar')
      .getByRole('button', { name: /Ruby W\./ })
      .click();
    await details.getByRole('button', { name: 'Cancel session…' }).click();
    const cancel = page.getByRole('dialog', { name: 'Cancel Ruby W.’s session' });
    await cancel.getByLabel('Why is the centre cancelling?').selectOption({ label: 'Another reason' });
    await cancel.getByRole('button', { name: 'Cancel the session' }).click();
    expect(await cancel.getByRole('alert').innerText()).toMatch(/Say why/);
    await cancel.getByLabel(/Details/).fill('Supervisor off sick; no cover for high vigilance.');
    await cancel.getByLabel('Yes').check();
    await cancel.getByLabel('How were they told?').selectOption('PHONE');
    await screenshot(page, 'timeline-cancel-dialog');
    await cancel.getByRole('button', { name: 'Cancel the session' }).click();
    await cancel.waitFor({ state: 'detached' });
    expect(await page.getByTestId('timeline-message').innerText()).toMatch(
      /Cancelled Ruby W\.’s session at 20:15 in Cedar/,
    );
    const cancelled = row(page, 'Cedar').getByRole('button', {
      name: /Ruby W\. 20:15 to 21:15, Cedar, Cancelled/,
    });
    await cancelled.waitFor();
    await cancelled.click();
    const after = await details.innerText();
    expect(after).toMatch(
      /Cancelled by Priya Shah at .+ · Another reason \(“Supervisor off sick; no cover for high vigilance\.”\) · family told by phone at .+\d\d:\d\d/,
    );
    await context.close();
  });
});
