import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { seriousViolations } from './axe';
import { launch, productUrl, screenshot, signedIn } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

describe('signing in', () => {
  it('offers every demo user with their role, and passes an accessibility scan', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${productUrl()}/`);
    await page.waitForURL(/\/sign-in/);
    await expect.poll(() => page.getByRole('button', { name: /Priya Shah/ }).count()).toBe(1);
    expect(await page.getByText('Centre manager · Coxford City Council').count()).toBeGreaterThan(0);
    await screenshot(page, 'sign-in');
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('refuses a view the role may not open, saying so', async () => {
    const { context, page } = await signedIn(browser, 'tom.okafor@coxford.example');
    await page.goto(`${productUrl()}/board`);
    await page.getByTestId('forbidden').waitFor();
    expect(await page.getByTestId('forbidden').innerText()).toMatch(/Contact supervisors cannot open/);
    await screenshot(page, 'forbidden');
    await context.close();
  });
});
