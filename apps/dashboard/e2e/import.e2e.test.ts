import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './axe';
import { launch, screenshot, signedIn } from './browser';

/**
 * docs/import.md in the real product: the council's admin checks a case-system export (a row with a wrong date is
 * refused, with its reason), imports the corrected files (the children are created, with progress shown), and
 * imports them again (everything unchanged).
 */

const ADMIN = 'lee.turner@coxford.example';
const tag = Math.random().toString(36).slice(2, 8).toUpperCase();

const carers = `carer_id,name,address,phone\nE2E-${tag}-C1,Jo Foster,"1 Elm Road, Coxford",01234 567890\n`;
const children = (secondBirth: string) =>
  'child_id,first_name,last_name,date_of_birth,date_of_death,carer_id,school_hours\n' +
  `E2E-${tag}-K1,Ava,Imported,31/03/2016,,E2E-${tag}-C1,\n` +
  `E2E-${tag}-K2,Ben,Imported,${secondBirth},,,\n`;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

async function choose(page: Page, files: Record<string, string>): Promise<void> {
  await page.getByLabel('Export files (CSV)').setInputFiles(
    Object.entries(files).map(([name, text]) => ({
      name,
      mimeType: 'text/csv',
      buffer: Buffer.from(text),
    })),
  );
  await page.getByRole('list', { name: 'Chosen files' }).waitFor();
}

async function importChecked(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Check the files' }).click();
  await page.getByRole('region', { name: 'What the import would do' }).waitFor();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByTestId('import-done').waitFor();
  return page.getByRole('region', { name: 'Import report' }).getByTestId('import-total').innerText();
}

describe('importing from the case system', () => {
  it('the admin previews an export with a refused row, imports the corrected files, and a second import changes nothing', async () => {
    const { context, page } = await signedIn(browser, ADMIN);
    await page.getByRole('navigation').getByRole('link', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Import from the case system', level: 1 }).waitFor();

    await choose(page, { 'carers.csv': carers, 'children.csv': children('2018-02-30') });
    await page.getByRole('button', { name: 'Check the files' }).click();
    const preview = page.getByRole('region', { name: 'What the import would do' });
    await preview.waitFor();
    expect(await preview.getByTestId('import-total').innerText()).toBe(
      'The import would do this: 2 would be created, 0 would be updated, 0 unchanged, 1 refused.',
    );
    const refused = preview.getByRole('table', { name: 'Rows of children.csv refused, and why' });
    expect(await refused.getByRole('row', { name: /E2E-.*-K2/ }).innerText()).toMatch(
      /3\s+E2E-\w+-K2\s+date_of_birth\s+"2018-02-30" is not a date/,
    );
    // The totals are announced, and say where the refusals are.
    expect(
      await page
        .getByRole('status')
        .filter({ hasText: /^Checked:/ })
        .innerText(),
    ).toBe(
      'Checked: 2 would be created, 0 would be updated, 0 unchanged, 1 refused. The refused rows and why are listed below.',
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'import-preview');

    await choose(page, { 'carers.csv': carers, 'children.csv': children('14/07/2018') });
    expect(await importChecked(page)).toBe('Imported: 3 created, 0 updated, 0 unchanged, 0 refused.');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'import-done');

    await choose(page, { 'carers.csv': carers, 'children.csv': children('14/07/2018') });
    expect(await importChecked(page)).toBe('Imported: 0 created, 0 updated, 3 unchanged, 0 refused.');
    // Both imports are kept, with their reports, under Recent imports.
    const recent = page.getByRole('region', { name: 'Recent imports' });
    await recent.getByText('finished (3 of 3 rows)').nth(1).waitFor();
    await recent.getByRole('button', { name: 'Show the report' }).first().click();
    expect(await recent.getByTestId('import-total').innerText()).toBe(
      'Imported: 0 created, 0 updated, 3 unchanged, 0 refused.',
    );
    await context.close();
  });
});
