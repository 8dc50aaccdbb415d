import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './axe';
import { api, launch, productUrl, screenshot, signedIn } from './browser';

// Aisha Khan's caseload: Maisie (in progress in Willow with Tom Okafor, an open flag), Leo, Amara, and Tyler
// (agreement suspended after three unexplained absences).
const AISHA = 'aisha.khan@coxford.example';
const TOM = 'tom.okafor@coxford.example';
const PRIYA = 'priya.shah@coxford.example';
const TABLET = { width: 768, height: 1024 };

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

async function openHistory(page: Page, firstName: string): Promise<string> {
  await page.goto(`${productUrl()}/caseload`);
  const card = page.getByTestId('caseload-child').filter({ hasText: firstName });
  await card.getByRole('link', { name: new RegExp(`contact history`) }).click();
  await page.waitForURL(/\/children\/[0-9a-f-]{36}$/);
  await page.getByTestId('history-session').first().waitFor();
  return new URL(page.url()).pathname.split('/').pop()!;
}

describe('caseload', () => {
  it('lists the social worker’s children with what needs attention first, at 1280 and 768 wide', async () => {
    const { context, page } = await signedIn(browser, AISHA);
    expect(new URL(page.url()).pathname).toBe('/caseload');
    await page.getByTestId('caseload-child').first().waitFor();
    const cards = page.getByTestId('caseload-child');
    // The demo's four children; other browser tests may have added children of their own to her caseload.
    const names = await cards.locator('h2').allInnerTexts();
    expect(names).toEqual(
      expect.arrayContaining(['Maisie Carter', 'Leo Hart', 'Amara Osei', 'Tyler Bennett']),
    );
    // Children needing attention come first; the API decides which do.
    const flags = await cards.evaluateAll((els) =>
      els.map((e) => e.textContent?.includes('Needs your attention')),
    );
    expect(flags.indexOf(false) === -1 || flags.slice(flags.indexOf(false)).every((f) => !f)).toBe(true);

    const tyler = cards.filter({ hasText: 'Tyler Bennett' });
    expect(await tyler.locator('[data-kind="suspended"]').innerText()).toMatch(
      /Contact suspended after three unexplained absences, notice issued .*Meet the parent/,
    );
    const maisie = cards.filter({ hasText: 'Maisie Carter' });
    expect(await maisie.locator('[data-kind="flag"]').first().innerText()).toMatch(
      /High safeguarding flag: Disclosure by the child, raised .* not acknowledged/,
    );
    expect(await maisie.innerText()).toMatch(/Next session\s+\w{3} \d{1,2} \w{3,4} \d{4}, \d\d:\d\d/);
    expect(await page.getByTestId('caseload-totals').innerText()).toMatch(
      new RegExp(`of ${names.length} children need`),
    );
    await screenshot(page, 'caseload-1280');
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();

    const tablet = await signedIn(browser, AISHA, TABLET);
    await tablet.page.getByTestId('caseload-child').first().waitFor();
    await screenshot(tablet.page, 'caseload-768');
    expect(await seriousViolations(tablet.page)).toEqual([]);
    // Nothing runs off the side at tablet width.
    expect(
      await tablet.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
    ).toBe(true);
    await tablet.context.close();
  });
});

describe('a child’s contact history', () => {
  it('shows the social worker a flag raised moments before by the child’s supervisor, live and announced', async () => {
    const sw = await signedIn(browser, AISHA);
    const maisieId = await openHistory(sw.page, 'Maisie');
    await expect.poll(() => sw.page.getByTestId('connection-state').innerText()).toContain('Live');
    const before = await sw.page.getByTestId('history-flag').count();
    // Let the subscriptions reach the server before the flag is raised, so it arrives live, not on reload.
    await sw.page.waitForTimeout(750);

    // Tom Okafor raises it from Maisie's session in progress, through the real API.
    const sup = await signedIn(browser, TOM);
    const { mySessions } = await api<{ mySessions: { id: string; childId: string; status: string }[] }>(
      sup.page,
      'query { mySessions { id childId status } }',
    );
    const session = mySessions.find((s) => s.childId === maisieId && s.status === 'IN_PROGRESS');
    expect(session).toBeDefined();
    const what = `Maisie said "I don't want to go back tonight" (${Date.now()}). Recorded verbatim.`;
    const raisedAt = Date.now();
    await api(sup.page, `mutation Raise($input: RaiseFlagInput!) { raiseFlag(input: $input) { id } }`, {
      input: {
        childId: maisieId,
        sessionId: session!.id,
        category: 'DISCLOSURE',
        severity: 'HIGH',
        description: what,
      },
    });

    const flag = sw.page.getByTestId('history-flag').filter({ hasText: what });
    await flag.waitFor({ timeout: 15_000 });
    const seenAfter = Date.now() - raisedAt;
    expect(await sw.page.getByTestId('history-flag').count()).toBe(before + 1);
    const text = await flag.innerText();
    expect(text).toMatch(/High/);
    expect(text).toMatch(/Safeguarding flag: Disclosure by the child/);
    expect(text).toMatch(/New/);
    expect(text).toMatch(/Open: nobody has acknowledged it/);
    expect(text).toMatch(/Raised by Tom Okafor/);
    const announcement = sw.page.getByTestId('history-announcement');
    expect(await announcement.getAttribute('aria-live')).toBe('polite');
    expect(await announcement.innerText()).toMatch(/New safeguarding flag for Maisie, raised at \d\d:\d\d/);
    // It sits in the session it was raised in: the newest session on the timeline with Maisie in Willow now.
    const sessionCard = sw.page.getByTestId('history-session').filter({ hasText: what });
    expect(await sessionCard.innerText()).toMatch(/In progress/);
    console.info(`flag raised → shown on the social worker's open history page in ${seenAfter} ms`);
    await screenshot(sw.page, 'child-history-new-flag');

    // And it is there when the page is opened afresh.
    await sw.page.reload();
    await sw.page.getByTestId('history-flag').filter({ hasText: what }).waitFor();
    await sup.context.close();
    await sw.context.close();
  });

  it('shows the summary, the attendance chart with its table, observations with facts apart from opinion, and more on demand', async () => {
    const { context, page } = await signedIn(browser, AISHA);
    await openHistory(page, 'Maisie');
    expect(await page.locator('h1').innerText()).toBe('Maisie Carter');
    expect(await page.getByTestId('attendance-rate').innerText()).toBe('100%');
    expect(await page.getByTestId('strikes').innerText()).toContain('None in a row');

    const chart = page.getByTestId('attendance-chart');
    expect(await chart.locator('svg[role="img"] desc').textContent()).toMatch(
      /Attendance rate 100% of 7 sessions/,
    );
    await chart.getByText('Attendance session by session, as a table').click();
    expect(await chart.locator('tbody tr').count()).toBe(7);

    // The oldest sessions carry final records: open one and read it.
    const sessions = page.getByTestId('history-session');
    const first = await sessions.count();
    expect(first).toBe(8);
    await page.getByTestId('load-more').click();
    await expect.poll(() => sessions.count()).toBeGreaterThan(first);
    const oldest = sessions.last();
    await oldest.getByRole('button', { name: /Show session details/ }).click();
    const record = oldest.locator('.ch-observation');
    await record.waitFor();
    const recordText = await record.innerText();
    expect(recordText).toMatch(/Written by\s+Tom Okafor/);
    expect(recordText).toMatch(/Reviewed by\s+Grace Lin, approved \w{3} \d{1,2} \w{3,4} \d{4}, \d\d:\d\d/);
    expect(recordText).toMatch(/FACTS AND DIRECT STATEMENTS/i);
    expect(recordText).toMatch(/SUPERVISOR’S OPINION \(INTERPRETATION, NOT FACT\)/i);
    // The demo's first record has a dated, signed amendment.
    expect(recordText).toMatch(
      /Amendment dated \w{3} \d{1,2} \w{3,4} \d{4}, \d\d:\d\d, signed by Tom Okafor\. Reason: Correction of fact/,
    );
    expect(
      await oldest.getByRole('button', { name: /Hide session details/ }).getAttribute('aria-expanded'),
    ).toBe('true');
    await context.close();
  });

  it('shows a suspended agreement’s notice in full', async () => {
    const { context, page } = await signedIn(browser, AISHA);
    await openHistory(page, 'Tyler');
    const notice = page.getByTestId('suspension-notice');
    await notice.waitFor();
    const text = await notice.innerText();
    expect(text).toMatch(/Suspension notice, issued \w{3} \d{1,2} \w{3,4} \d{4}, \d\d:\d\d/);
    for (const term of ['Decision', 'Reasons', 'Duration', 'What the parent can do', 'Sessions missed'])
      expect(text).toContain(term);
    expect(await notice.locator('ol li').count()).toBe(3);
    expect(await page.getByTestId('strikes').innerText()).toMatch(/Contact suspended after 3/);
    expect(await page.getByTestId('next-session').innerText()).toBe('None booked');
    await screenshot(page, 'child-history-suspended');
    await context.close();
  });

  it('prints every loaded session expanded, without navigation, from a Print button', async () => {
    const { context, page } = await signedIn(browser, AISHA);
    await openHistory(page, 'Maisie');
    await screenshot(page, 'child-history-1280');
    expect(await seriousViolations(page)).toEqual([]);

    await page.evaluate(() => {
      const w = window as unknown as { printed: number };
      w.printed = 0;
      window.print = () => void (w.printed += 1);
    });
    await page.getByTestId('print').click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.bar').isVisible()).toBe(false);
    expect(await page.getByTestId('print').isVisible()).toBe(false);
    const bodies = page.locator('.ch-session-body');
    const n = await bodies.count();
    expect(n).toBeGreaterThan(1);
    for (let i = 0; i < n; i++) expect(await bodies.nth(i).isVisible()).toBe(true);
    expect(await page.getByText(/Kinroom contact history, printed .* by Aisha Khan/).isVisible()).toBe(true);
    await screenshot(page, 'child-history-print');
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ media: 'screen' });
    await context.close();

    const tablet = await signedIn(browser, AISHA, TABLET);
    await openHistory(tablet.page, 'Maisie');
    await screenshot(tablet.page, 'child-history-768');
    expect(await seriousViolations(tablet.page)).toEqual([]);
    expect(
      await tablet.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
    ).toBe(true);
    await tablet.context.close();
  });

  it('works from the keyboard alone', async () => {
    const { context, page } = await signedIn(browser, AISHA);
    await openHistory(page, 'Leo');
    const toggle = page.getByRole('button', { name: /Show session details/ }).first();
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await page.getByRole('button', { name: /Hide session details/ }).count()).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Caseload', exact: false }).first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/caseload$/);
    await context.close();
  });

  it('is open to the centre manager, and refuses a child who is not on the caseload as not found', async () => {
    const sw = await signedIn(browser, AISHA);
    const maisieId = await openHistory(sw.page, 'Maisie');
    await sw.page.goto(`${productUrl()}/children/00000000-0000-4000-8000-000000000000`);
    await expect
      .poll(() => sw.page.getByRole('alert').first().innerText())
      .toMatch(/That record is not there, or it is not yours to see\./);
    await sw.context.close();

    const manager = await signedIn(browser, PRIYA);
    await manager.page.goto(`${productUrl()}/children/${maisieId}`);
    await manager.page.getByTestId('history-session').first().waitFor();
    expect(await manager.page.locator('h1').innerText()).toBe('Maisie Carter');
    await manager.context.close();

    const supervisor = await signedIn(browser, TOM);
    await supervisor.page.goto(`${productUrl()}/children/${maisieId}`);
    await supervisor.page.getByTestId('forbidden').waitFor();
    await supervisor.context.close();
  });
});
