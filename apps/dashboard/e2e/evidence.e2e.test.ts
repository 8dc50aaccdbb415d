import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { api, launch, productUrl, screenshot, signedIn } from './browser';

/**
 * The evidence check on a child's history (docs/evidence.md): the product as started by a user, with the evidence key
 * made in its data folder on first start, signs the demo week's final records; the history shows, on screen and in
 * print, that they verify, with the key's fingerprint as the API reports it.
 */
const AISHA = 'aisha.khan@coxford.example';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

describe('a child’s history', () => {
  it('shows, and prints, that the evidence verifies, with the evidence key’s fingerprint', async () => {
    const { context, page } = await signedIn(browser, AISHA);
    await page.goto(`${productUrl()}/caseload`);
    const card = page.getByTestId('caseload-child').filter({ hasText: 'Maisie' });
    await card.getByRole('link', { name: /contact history/ }).click();
    await page.waitForURL(/\/children\/[0-9a-f-]{36}$/);
    const childId = new URL(page.url()).pathname.split('/').pop()!;

    const check = page.getByTestId('evidence-verification');
    await check.getByTestId('evidence-headline').waitFor();
    expect(await check.getByTestId('evidence-headline').innerText()).toMatch(/Evidence verified: intact/);
    expect(await check.innerText()).toMatch(/\d+ final records and amendments checked/);

    const { verifyEvidenceChain: report } = await api<{
      verifyEvidenceChain: { intact: boolean; keyFingerprint: string; checkedRecords: number };
    }>(page, 'query($c: ID!) { verifyEvidenceChain(childId: $c) { intact keyFingerprint checkedRecords } }', {
      c: childId,
    });
    expect(report.intact).toBe(true);
    expect(report.checkedRecords).toBeGreaterThan(0);
    const grouped = report.keyFingerprint.match(/.{4}/g)!.join(' ');
    expect(await check.getByTestId('evidence-fingerprint').innerText()).toBe(
      `Evidence key fingerprint (SHA-256): ${grouped}`,
    );

    await page.emulateMedia({ media: 'print' });
    expect(await check.getByTestId('evidence-headline').isVisible()).toBe(true);
    expect(await check.getByTestId('evidence-fingerprint').isVisible()).toBe(true);
    expect(await check.getByRole('button', { name: 'Check again' }).isVisible()).toBe(false);
    await screenshot(page, 'child-history-evidence-print');
    await page.emulateMedia({ media: 'screen' });
    await context.close();
  });
});
