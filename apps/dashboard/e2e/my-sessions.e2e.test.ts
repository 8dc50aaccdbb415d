import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './axe';
import { launch, screenshot, signedIn } from './browser';

// Grace Lin supervises Leo today in Oak, and Leo's father has already arrived. Other files use Kai and Poppy's
// sessions (scheduled) for check-in, so this walk keeps to Leo's.
const GRACE = 'grace.lin@coxford.example';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

const leo = (page: Page) => page.getByTestId('session-Leo');
const leoStatus = (page: Page) => leo(page).getByTestId('session-status').innerText();

describe('a supervisor’s sessions', () => {
  it('walks Leo’s session step by step, live on a second screen, with the observation record saved as it is typed', async () => {
    const { context, page } = await signedIn(browser, GRACE);
    const tablet = await signedIn(browser, GRACE, { width: 768, height: 1024 });
    expect(new URL(page.url()).pathname).toBe('/my-sessions');
    await leo(page).waitFor();
    await tablet.page.getByTestId('session-Leo').waitFor();

    expect(await leoStatus(page)).toContain('Parent arrived');
    const plan = await leo(page).innerText();
    expect(plan).toMatch(/Leo H\. · Oak/);
    expect(plan).toMatch(/Parent arrives by\s*\d\d:\d\d/);
    // Only the next allowed step is offered.
    expect(await leo(page).locator('.steps button').allInnerTexts()).toEqual(['Child arrived']);
    await screenshot(page, 'my-sessions-1280');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(tablet.page, 'my-sessions-768');
    expect(await seriousViolations(tablet.page)).toEqual([]);

    // Keyboard only: focus follows the session from one step to the next.
    await leo(page).getByRole('button', { name: 'Child arrived' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => leoStatus(page)).toContain('Child arrived');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent?.trim()))
      .toBe('Start contact');
    await page.keyboard.press('Enter');
    await expect.poll(() => leoStatus(page)).toContain('In progress');
    // The other screen follows without a reload.
    await expect
      .poll(() => tablet.page.getByTestId('session-Leo').getByTestId('session-status').innerText(), {
        timeout: 15_000,
      })
      .toContain('In progress');

    await leo(page).getByRole('link', { name: 'Write the observation record' }).click();
    await page.waitForURL(/\/observation$/);
    const arrivalFacts = page.getByLabel('What happened (facts and direct quotes)').first();
    await arrivalFacts.fill(
      'Father waiting in Oak at 16:00. Leo ran to him; father said "hello mate, I missed you".',
    );
    await page.getByLabel('Your opinion').first().fill('A warm greeting; Leo seemed at ease.');
    await expect
      .poll(() => page.getByTestId('save-status').innerText(), { timeout: 10_000 })
      .toMatch(/Saved at \d\d:\d\d/);

    // The draft is on the server: a reload brings it back.
    await page.reload();
    await expect
      .poll(() => page.getByLabel('What happened (facts and direct quotes)').first().inputValue(), {
        timeout: 10_000,
      })
      .toContain('I missed you');
    expect(await page.getByLabel('Your opinion').first().inputValue()).toBe(
      'A warm greeting; Leo seemed at ease.',
    );
    await screenshot(page, 'observation-1280');
    expect(await seriousViolations(page)).toEqual([]);
    await tablet.page.goto(page.url());
    await tablet.page.getByTestId('section-arrival_and_greetings').waitFor();
    await screenshot(tablet.page, 'observation-768');
    expect(await seriousViolations(tablet.page)).toEqual([]);

    // The server cannot be reached: what was typed stays on screen, the failure is shown, and it is saved later.
    await page.route('**/graphql', (route) =>
      route.request().postData()?.includes('SaveObservationDraft') ? route.abort() : route.continue(),
    );
    const activities = page
      .getByTestId('section-activities')
      .getByLabel('What happened (facts and direct quotes)');
    await activities.fill('Lego tower for 20 minutes, then snack.');
    await expect
      .poll(() => page.getByTestId('save-status').innerText(), { timeout: 10_000 })
      .toMatch(/Not saved/);
    expect(await activities.inputValue()).toBe('Lego tower for 20 minutes, then snack.');
    await screenshot(page, 'observation-save-failed');
    await page.unroute('**/graphql');
    await page.getByRole('button', { name: 'Try again now' }).click();
    await expect
      .poll(() => page.getByTestId('save-status').innerText(), { timeout: 10_000 })
      .toMatch(/Saved at/);

    // Submitting with sections still empty shows what the API says is missing.
    await page.getByRole('button', { name: 'Submit for review' }).click();
    const problems = page.getByRole('alert').filter({ hasText: 'cannot be submitted' });
    await problems.waitFor();
    expect(await problems.innerText()).toMatch(/Behaviours/);
    expect(await problems.innerText()).not.toMatch(/Activities/);
    expect(await page.getByTestId('section-behaviours').locator('.error').innerText()).toMatch(/Behaviours/);

    const facts = page.getByLabel('What happened (facts and direct quotes)');
    for (let i = 2; i < (await facts.count()); i++)
      await facts.nth(i).fill(i === 7 ? 'Nothing to record' : `Fact ${i}`);
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expect
      .poll(() => page.getByTestId('observation-status').innerText())
      .toContain('Submitted for review');

    await page.getByRole('link', { name: '← My sessions' }).click();
    await leo(page).getByRole('button', { name: 'End contact' }).click();
    await leo(page).getByRole('button', { name: 'Yes: end contact' }).click();
    await expect.poll(() => leoStatus(page)).toContain('Ended');
    expect(await leo(page).getByTestId('attendance').innerText()).toMatch(/Attended/);
    expect(await leo(page).locator('.steps button').count()).toBe(0);

    await context.close();
    await tablet.context.close();
  });
});
