import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { seriousViolations } from './axe';
import { api, launch, productUrl, screenshot, signedIn } from './browser';

// Aisha Khan writes the first contact agreement for a child new to her caseload, watches the supervision level
// follow the risks she ticks, is told what the API refuses beside the field, and records the mother's signature.
const AISHA = 'aisha.khan@coxford.example';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

describe('writing and signing an agreement', () => {
  it('writes a draft with the level shown as risks are ticked, then records who signed, when and how', async () => {
    const { context, page } = await signedIn(browser, AISHA);
    // A family of this run's own, so that the test depends on no other test's demo data.
    const lastName = `Ashgrove${Date.now().toString(36)}`;
    const childId = (
      await api<{ saveChild: { id: string } }>(
        page,
        `mutation($input: ChildInput!) { saveChild(input: $input) { id } }`,
        {
          input: { firstName: 'Orla', lastName, dateOfBirth: '2017-02-11' },
        },
      )
    ).saveChild.id;
    const mother = (
      await api<{ saveFamilyMember: { id: string } }>(
        page,
        `mutation($input: FamilyMemberInput!) { saveFamilyMember(input: $input) { id } }`,
        { input: { firstName: 'Niamh', lastName, phone: '07700 900123' } },
      )
    ).saveFamilyMember.id;
    await api(
      page,
      `mutation($c: ID!, $f: ID!) {
         linkFamilyMember(childId: $c, familyMemberId: $f, relationship: "mother", parentalResponsibility: true) { id }
       }`,
      { c: childId, f: mother },
    );

    await page.goto(`${productUrl()}/children/${childId}`);
    await page.getByRole('button', { name: 'Write a new agreement' }).click();
    const dialog = page.getByRole('dialog', { name: 'New agreement for Orla' });
    const preview = dialog.getByTestId('supervision-preview');
    // No risk ticked is a missing assessment: contact is supervised until one is recorded.
    await expect.poll(() => preview.innerText()).toMatch(/^Supervised contact\n/);
    await dialog.getByLabel('Low-level risk').check();
    await expect
      .poll(() => preview.innerText())
      .toMatch(/^Supported contact[\s\S]*Low-level risk: calls for supported contact/);
    await dialog.getByLabel('Risk of abduction').check();
    await expect
      .poll(() => preview.innerText())
      .toMatch(/^Supervised contact with high vigilance[\s\S]*second member of staff/);
    await dialog.getByLabel('Risk of abduction').uncheck();
    await dialog.getByLabel('Alcohol misuse').check();
    await expect
      .poll(() => preview.innerText())
      .toMatch(/^Supervised contact\n[\s\S]*Alcohol misuse: calls for supervised contact/);

    await dialog.getByLabel('Contact centre').selectOption({ label: 'Coxford Road Family Contact Centre' });
    await dialog.getByLabel(`Niamh ${lastName} (mother)`).check();
    await dialog.getByLabel('Sessions a week').fill('2');
    await dialog.getByLabel('Minutes per session').fill('90');
    await dialog
      .getByLabel(/Transport plan/)
      .fill('The social worker books a taxi from the carers and back.');
    await dialog.getByLabel('Condition 1', { exact: true }).fill('No alcohol before or during contact');
    await dialog.getByRole('button', { name: 'Add a condition' }).click();
    await dialog
      .getByLabel('Condition 2', { exact: true })
      .fill('Tell the centre by 10am if you cannot come');
    await screenshot(page, 'agreement-write-1280');
    expect(await seriousViolations(page)).toEqual([]);

    // A condition longer than the API allows is refused by the API, and the refusal is shown beside the list.
    await dialog.getByLabel('Condition 2', { exact: true }).fill('x'.repeat(501));
    await dialog.getByRole('button', { name: 'Write the agreement' }).click();
    const conditions = dialog.getByRole('group', { name: 'Conditions the parent signs up to' });
    await conditions.getByText(/at most 500 characters/).waitFor();
    await dialog
      .getByLabel('Condition 2', { exact: true })
      .fill('Tell the centre by 10am if you cannot come');
    await dialog.getByRole('button', { name: 'Write the agreement' }).click();
    await dialog.waitFor({ state: 'detached' });

    const card = page.getByTestId('agreement').filter({ hasText: `Niamh (mother)` });
    await card.getByText('Draft, not yet signed').waitFor();
    await card.getByRole('button', { name: 'Record the signature' }).click();
    const sign = page.getByRole('dialog', { name: 'Record the parent’s signature' });
    await sign.getByRole('button', { name: 'Record the signature' }).click();
    await sign.getByText('Write the name of the person who signed.').waitFor();
    await expect
      .poll(() => sign.getByLabel(/Signed by/).evaluate((e) => e === document.activeElement))
      .toBe(true);
    await sign.getByLabel(/Signed by/).fill(`Niamh ${lastName}`);
    await sign.getByLabel('A signed copy came back by post').check();
    await sign.getByRole('button', { name: 'Record the signature' }).click();
    await sign.waitFor({ state: 'detached' });

    await card.getByText('Active').first().waitFor();
    const life = card.getByTestId('agreement-cycle');
    await expect.poll(() => life.innerText()).toContain(`Signed by Niamh ${lastName}`);
    expect(await life.innerText()).toContain('A signed copy came back by post');
    expect(await card.getByRole('button', { name: 'Record the signature' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();

    // At tablet width the form and the card fit the screen.
    const tablet = await signedIn(browser, AISHA, { width: 768, height: 1024 });
    const operations: string[] = [];
    tablet.page.on('request', (r) => {
      if (r.url().endsWith('/graphql') && r.method() === 'POST')
        operations.push((r.postDataJSON() as { operationName?: string }).operationName ?? '');
    });
    await tablet.page.goto(`${productUrl()}/children/${childId}`);
    await tablet.page
      .getByTestId('agreement-cycle')
      .filter({ hasText: `Signed by Niamh ${lastName}` })
      .waitFor();
    // The agreement, its life and its next steps come with the one history query: no card reads its agreement again.
    expect(operations).toContain('ChildHistoryPage');
    expect(operations.filter((o) => /agreement/i.test(o))).toEqual([]);
    await tablet.page.getByRole('button', { name: 'Write a new agreement' }).click();
    await tablet.page.getByRole('dialog', { name: 'New agreement for Orla' }).waitFor();
    await screenshot(tablet.page, 'agreement-write-768');
    expect(
      await tablet.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
    ).toBe(true);
    expect(await seriousViolations(tablet.page)).toEqual([]);
    await tablet.context.close();
  });
});
