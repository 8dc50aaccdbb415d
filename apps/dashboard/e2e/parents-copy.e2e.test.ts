import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { seriousViolations } from './axe';
import { launch, productUrl, screenshot, signedIn } from './browser';

/**
 * The parents' copy of a final observation record (docs/parents-copy.md): the child's social worker, from the record in
 * the child's history, withholds a part with a reason and records a sharing; the centre manager's desk lists the copy
 * as due, with what is withheld, until it is shared.
 */
const AISHA = 'aisha.khan@coxford.example';
const PRIYA = 'priya.shah@coxford.example';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

describe('the parents’ copy', () => {
  it('is withheld from and shared by the social worker, and leaves the manager’s list once shared', async () => {
    const sw = await signedIn(browser, AISHA);
    await sw.page.goto(`${productUrl()}/caseload`);
    const card = sw.page.getByTestId('caseload-child').filter({ hasText: 'Maisie' });
    await card.getByRole('link', { name: /contact history/ }).click();
    await sw.page.waitForURL(/\/children\/[0-9a-f-]{36}$/);

    // The newest session with a final record: its details open, then its record's parents' copy.
    const entry = sw.page
      .locator('article')
      .filter({ has: sw.page.getByRole('button', { name: /^Parents’ copy/, includeHidden: true }) })
      .first();
    await entry.getByRole('button', { name: /Show session details/ }).click();
    await entry.getByRole('button', { name: /^Parents’ copy/ }).click();
    const dialog = sw.page.getByTestId('parents-copy-dialog');
    await dialog.getByTestId('parents-copy-state').waitFor();
    const observationId = (await dialog.getAttribute('data-observation-id'))!;
    expect(await dialog.getByTestId('parents-copy-state').innerText()).toMatch(/Due by .*: not shared yet\./);

    const manager = await signedIn(browser, PRIYA);
    const item = manager.page.getByTestId(`parents-copy-due-${observationId}`);
    await manager.page.goto(`${productUrl()}/desk`);
    await item.waitFor();
    expect(await item.innerText()).toMatch(/M\. C\. · session of .* · Nothing withheld/);

    // Withhold a part, with the reason.
    await dialog.getByLabel('Which part').fill('Section C, second paragraph');
    await dialog
      .getByLabel('Why the parents may not read it')
      .fill('It names the street the carers live on.');
    await dialog.getByRole('button', { name: 'Withhold this part' }).click();
    await dialog.getByText('Withheld from the parents (1)').waitFor();
    expect(await dialog.innerText()).toContain(
      'Section C, second paragraph — It names the street the carers live on.',
    );
    expect(await dialog.innerText()).toContain('Marked by Aisha Khan');
    expect(await seriousViolations(sw.page)).toEqual([]);

    await manager.page.reload();
    await item.waitFor();
    expect(await item.innerText()).toContain('1 part withheld');
    expect(await seriousViolations(manager.page)).toEqual([]);

    // Record the sharing: the parent who took part is ticked, by email, now.
    await dialog.getByLabel('How').selectOption({ label: 'By email' });
    await dialog.getByRole('button', { name: 'Record the sharing' }).click();
    await dialog.getByText('Sharings (1)').waitFor();
    expect(await dialog.getByTestId('parents-copy-state').innerText()).toContain('Shared with the parents.');
    expect(await dialog.innerText()).toMatch(/By email · with \S+ \S+/);
    await screenshot(sw.page, 'parents-copy-dialog');

    await manager.page.reload();
    const due = manager.page.getByTestId('parents-copy-due');
    await due.waitFor();
    // Read once loaded, so that an empty list is not mistaken for one that dropped the copy.
    await expect.poll(() => due.innerText()).not.toContain('Loading the records due');
    expect(await item.count()).toBe(0);
    await screenshot(manager.page, 'parents-copy-due');
    await sw.context.close();
    await manager.context.close();
  });

  it('is usable at tablet width', async () => {
    const manager = await signedIn(browser, PRIYA, { width: 768, height: 1024 });
    await manager.page.goto(`${productUrl()}/desk`);
    const section = manager.page.getByTestId('parents-copy-due');
    await section.waitFor();
    const box = (await section.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(768);
    expect(await seriousViolations(manager.page)).toEqual([]);
    await manager.context.close();
  });
});
