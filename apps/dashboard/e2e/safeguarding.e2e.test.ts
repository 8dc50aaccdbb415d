import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { seriousViolations } from './axe';
import { launch, productUrl, screenshot, signedIn } from './browser';

// Aisha Khan is Leo's social worker; Grace Lin supervises Leo's session today; Priya Shah manages the centre.
const AISHA = 'aisha.khan@coxford.example';
const GRACE = 'grace.lin@coxford.example';
const PRIYA = 'priya.shah@coxford.example';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

describe('safeguarding flags', () => {
  it('shows the social worker a flag raised moments before by a supervisor, live and announced, and lets them handle it', async () => {
    const sw = await signedIn(browser, AISHA);
    await sw.page.goto(`${productUrl()}/safeguarding`);
    await sw.page.getByTestId('flag').first().waitFor();
    await expect.poll(() => sw.page.getByTestId('connection-state').innerText()).toContain('Live');
    const before = await sw.page.getByTestId('flag').count();
    await screenshot(sw.page, 'safeguarding-social-worker-1280');
    expect(await seriousViolations(sw.page)).toEqual([]);

    // The supervisor raises the concern from Leo's session.
    const what = `Leo said his dad told him to keep a secret (${Date.now()}). Recorded verbatim.`;
    const sup = await signedIn(browser, GRACE);
    const leo = sup.page.getByTestId('session-Leo');
    await leo.getByText('Raise a safeguarding flag').click();
    await leo.getByLabel('Category').selectOption({ label: 'Disclosure by the child' });
    await leo.getByRole('radio', { name: /High/ }).check();
    await leo.getByLabel('What happened (facts and direct quotes)').fill(what);
    await leo.getByRole('button', { name: 'Raise flag' }).click();
    await leo.getByText(/Flag raised at \d\d:\d\d/).waitFor();
    await screenshot(sup.page, 'my-sessions-flag-raised');

    // It reaches the social worker's open page without a reload, newest first, announced assertively.
    const announcer = sw.page.getByTestId('flag-announcer');
    await expect.poll(() => announcer.innerText(), { timeout: 15_000 }).toMatch(/New High flag for Leo H\./);
    expect(await announcer.getAttribute('aria-live')).toBe('assertive');
    expect(await sw.page.getByTestId('flag').count()).toBe(before + 1);
    const card = sw.page.getByTestId('flag').filter({ hasText: what });
    expect(await sw.page.getByTestId('flag').first().innerText()).toContain(what);
    const text = await card.innerText();
    expect(text).toMatch(/New/);
    expect(text).toMatch(/High/);
    expect(text).toMatch(/Raised (just now|\d+ s ago) by Grace Lin/);
    expect(text).toMatch(/Acknowledge within (1 h|59 min)/);
    await screenshot(sw.page, 'safeguarding-new-flag-announced');
    // Time since raised ticks on by itself.
    await expect
      .poll(() => card.getByTestId('flag-age').innerText(), { timeout: 15_000 })
      .toMatch(/^\d+ s ago$/);

    await card.getByRole('button', { name: 'Acknowledge…' }).click();
    await card.getByLabel('What you will do about it (optional)').fill('Calling the carers now.');
    await card.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await expect
      .poll(() => card.innerText())
      .toMatch(/Aisha Khan \(Social worker\) at .*“Calling the carers now\.”/);
    expect(await card.innerText()).toMatch(/You acknowledged this/);
    expect(await card.getByTestId('flag-deadline').innerText()).toMatch(/Acknowledged before its deadline/);

    await card.getByRole('button', { name: 'Escalate…' }).click();
    await card.getByLabel('Why it needs someone more senior').fill('Needs a strategy discussion today.');
    await card.getByRole('button', { name: 'Escalate', exact: true }).click();
    await expect.poll(() => card.innerText()).toMatch(/by Aisha Khan: Needs a strategy discussion today\./);
    expect(await card.innerText()).toMatch(/Escalated/);

    await card.getByRole('button', { name: 'Resolve…' }).click();
    await card.getByRole('button', { name: 'Resolve', exact: true }).click();
    expect(await card.getByRole('alert').innerText()).toBe('Record the outcome before resolving.');
    await card
      .getByLabel('Outcome: what was done and decided')
      .fill('Strategy discussion held; plan updated.');
    await card.getByRole('button', { name: 'Resolve', exact: true }).click();
    await expect.poll(() => sw.page.getByTestId('flag').count()).toBe(before);

    await sup.context.close();
    await sw.context.close();
  });

  it('shows the centre manager the centre’s flags with severity, deadline and who acknowledged, at desktop and tablet width', async () => {
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 768, height: 1024 },
    ]) {
      const { context, page } = await signedIn(browser, PRIYA, viewport);
      await page.goto(`${productUrl()}/safeguarding`);
      await page.getByTestId('flag').first().waitFor();
      const all = await page.getByTestId('flag').allInnerTexts();
      expect(all.some((t) => /Maisie C\. · Disclosure by the child/.test(t))).toBe(true);
      expect(all.some((t) => /Amara O\./.test(t))).toBe(true);
      const tyler = all.find((t) => /Tyler B\./.test(t));
      expect(tyler).toMatch(/Aisha Khan \(Social worker\) at/);
      expect(tyler).toMatch(/Priya Shah \(Centre manager\) at/);
      // Newest first.
      const raised = await page
        .getByTestId('flag')
        .evaluateAll((els) => els.map((e) => Date.parse(e.getAttribute('data-raised-at') ?? '')));
      expect(raised).toEqual([...raised].sort((a, b) => b - a));
      await screenshot(page, `safeguarding-manager-${viewport.width}`);
      expect(await seriousViolations(page)).toEqual([]);
      await context.close();
    }
  });

  it('is not offered to supervisors', async () => {
    const { context, page } = await signedIn(browser, GRACE);
    await page.goto(`${productUrl()}/safeguarding`);
    await page.getByTestId('forbidden').waitFor();
    await context.close();
  });
});
