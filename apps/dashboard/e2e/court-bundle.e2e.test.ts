import { readFile } from 'node:fs/promises';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, launch, londonDay, productUrl, screenshot, signedIn } from './browser';
import { seriousViolations } from './axe';

/**
 * The court bundle (docs/court-bundle.md): the demo social worker chooses a range on a child's history and downloads
 * the PDF the API makes; it holds every session of the range.
 */
const AISHA = 'aisha.khan@coxford.example';
const PRIYA = 'priya.shah@coxford.example';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

/** A London date as the bundle writes it, e.g. "Monday 7 December 2026". */
const longDate = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  })
    .format(new Date(iso))
    .replace(',', '');

describe('the court bundle', () => {
  it('downloads from the history page as a PDF of the child’s sessions', async () => {
    const { context, page } = await signedIn(browser, AISHA, { width: 768, height: 1024 });
    await page.goto(`${productUrl()}/caseload`);
    const card = page.getByTestId('caseload-child').filter({ hasText: 'Maisie' });
    await card.getByRole('link', { name: /contact history/ }).click();
    await page.waitForURL(/\/children\/[0-9a-f-]{36}$/);
    const childId = new URL(page.url()).pathname.split('/').pop()!;

    const form = page.getByTestId('court-bundle');
    await form.waitFor();
    const from = londonDay(-60);
    const to = londonDay(0);
    await form.getByLabel('From').fill(from);
    await form.getByLabel('To').fill(to);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'child-history-court-bundle');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      form.getByRole('button', { name: 'Download court bundle' }).click(),
    ]);
    const name = initials(await childName(page, childId));
    expect(download.suggestedFilename()).toBe(`court-bundle-${name}-${from}-to-${to}.pdf`);
    await form.getByRole('status').filter({ hasText: 'Downloaded court-bundle-' }).waitFor();
    const file = await readFile((await download.path())!);
    expect(file.subarray(0, 5).toString()).toBe('%PDF-');

    const parser = new PDFParse({ data: new Uint8Array(file) });
    const text = (await parser.getText()).text.replace(/\s+/g, ' ');
    await parser.destroy();
    expect(text).toContain('Contact history: court bundle');
    const history = await api<{ childHistory: { edges: { node: { session: { startsAt: string } } }[] } }>(
      page,
      `query($c: ID!, $from: DateTimeISO, $to: DateTimeISO) {
        childHistory(childId: $c, first: 50, from: $from, to: $to) { edges { node { session { startsAt } } } }
      }`,
      { c: childId, from: `${from}T00:00:00Z`, to: `${to}T12:00:00Z` },
    );
    const sessions = history.childHistory.edges.map((e) => e.node.session.startsAt);
    expect(sessions.length).toBeGreaterThan(0);
    for (const s of sessions) expect(text).toContain(longDate(s));
    expect(text).toMatch(/Page 1 of \d+/);
    await context.close();
  });

  it('is not offered to the centre manager, who sees the same child’s agreements and their life from the history', async () => {
    const sw = await signedIn(browser, AISHA);
    await sw.page.goto(`${productUrl()}/caseload`);
    await sw.page
      .getByTestId('caseload-child')
      .filter({ hasText: 'Maisie' })
      .getByRole('link', { name: /contact history/ })
      .click();
    await sw.page.waitForURL(/\/children\/[0-9a-f-]{36}$/);
    const childId = new URL(sw.page.url()).pathname.split('/').pop()!;
    await sw.context.close();

    const manager = await signedIn(browser, PRIYA, { width: 768, height: 1024 });
    await manager.page.goto(`${productUrl()}/children/${childId}`);
    await manager.page.getByTestId('agreement').first().waitFor();
    // Each agreement's life is on its own card, from the history, without the social worker's next steps.
    const card = manager.page.getByTestId('agreement').first();
    await card.getByTestId('agreement-cycle').waitFor();
    expect(await card.getByTestId('agreement-cycle').innerText()).toMatch(/Written/);
    expect(await card.getByRole('button').count()).toBe(0);
    expect(await manager.page.getByTestId('court-bundle').count()).toBe(0);
    expect(await seriousViolations(manager.page)).toEqual([]);
    await manager.context.close();
  });
});

async function childName(page: Page, id: string): Promise<string> {
  const r = await api<{ child: { firstName: string; lastName: string } }>(
    page,
    'query($id: ID!) { child(id: $id) { firstName lastName } }',
    { id },
  );
  return `${r.child.firstName} ${r.child.lastName}`;
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((p) => p[0] ?? '')
    .join('')
    .toUpperCase();
}
