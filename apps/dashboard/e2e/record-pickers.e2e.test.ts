import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { seriousViolations } from './axe';
import { api, launch, productUrl, screenshot, signedIn } from './browser';

// Siblings in care share a mother, and a foster carer looks after several children: Aisha links Ada's mother and
// carer, already on record, to Ada's sister Bea. Daniel, another social worker, cannot find either of them.
const AISHA = 'aisha.khan@coxford.example';
const DANIEL = 'daniel.brooks@coxford.example';

const SAVE_CHILD = `mutation($input: ChildInput!) { saveChild(input: $input) { id } }`;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

describe('choosing someone already on record for a child', () => {
  it('links an existing mother and carer to a second child, and never shows them to another social worker', async () => {
    const { context, page } = await signedIn(browser, AISHA);
    // A family name of this run's own, so that a rerun on the same database finds only this family.
    const lastName = `Brennock${Date.now().toString(36)}`;
    const carerName = `Juniper fostering ${lastName}`;

    // Ada's record as Aisha already keeps it: her mother and her carer. Bea, her sister, is new.
    const child = async (firstName: string) =>
      (
        await api<{ saveChild: { id: string } }>(page, SAVE_CHILD, {
          input: { firstName, lastName, dateOfBirth: '2016-05-04' },
        })
      ).saveChild.id;
    const ada = await child('Ada');
    const mother = (
      await api<{ saveFamilyMember: { id: string } }>(
        page,
        `mutation($input: FamilyMemberInput!) { saveFamilyMember(input: $input) { id } }`,
        { input: { firstName: 'Quilla', lastName, phone: '07700 900456' } },
      )
    ).saveFamilyMember.id;
    await api(
      page,
      `mutation($c: ID!, $f: ID!) {
         linkFamilyMember(childId: $c, familyMemberId: $f, relationship: "mother", parentalResponsibility: true) { id }
       }`,
      { c: ada, f: mother },
    );
    const carer = (
      await api<{ saveCarer: { id: string } }>(
        page,
        `mutation($input: CarerInput!) { saveCarer(input: $input) { id } }`,
        { input: { name: carerName, address: '7 Elm Row, Coxford CX2 1AB', phone: '01632 960777' } },
      )
    ).saveCarer.id;
    await api(page, SAVE_CHILD, {
      input: { id: ada, firstName: 'Ada', lastName, dateOfBirth: '2016-05-04', carerId: carer },
    });
    const bea = await child('Bea');

    // Bea's record: "Add someone already on record" finds her mother by name, with the child she is mother of.
    await page.goto(`${productUrl()}/children/${bea}/record`);
    const family = page.getByTestId('family-panel');
    await family.getByRole('button', { name: 'Add someone already on record' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add someone already on record to Bea’s family' });
    const search = dialog.getByLabel('Their name');
    await search.fill('Q');
    await search.press('Enter');
    await dialog.getByText('Type at least 2 letters of the name.').waitFor();
    await search.fill(lastName);
    await search.press('Enter');
    await expect
      .poll(() => dialog.getByTestId('picker-count').innerText())
      .toBe(`1 family member found for “${lastName}”.`);
    expect(await dialog.getByTestId('picker-option').innerText()).toContain(`Mother of Ada ${lastName}`);

    // Sending before choosing says what is missing; then she is chosen, related to Bea and holding responsibility.
    await dialog.getByRole('button', { name: 'Add to family' }).click();
    await dialog.getByText('Find them by name, then choose them from those found.').waitFor();
    await dialog.getByLabel(`Quilla ${lastName}`).check();
    expect(await dialog.getByText('Find them by name, then choose them from those found.').count()).toBe(0);
    await dialog.getByLabel('Relationship to Bea').fill('mother');
    await dialog.getByLabel('Holds parental responsibility for Bea').check();
    await screenshot(page, 'child-record-existing-family-member');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Add to family' }).click();
    await family.getByText(`Quilla ${lastName} is recorded as Bea’s mother.`).waitFor();
    const quilla = family.getByTestId('family-member').filter({ hasText: `Quilla ${lastName}` });
    const quillaText = await quilla.innerText();
    expect(quillaText).toContain('(mother)');
    expect(quillaText).toContain('Holds parental responsibility');
    expect(quillaText).toContain('07700 900456');

    // Found again, she is now mother of both, and cannot be added to Bea's family twice.
    await family.getByRole('button', { name: 'Add someone already on record' }).click();
    await dialog.getByLabel('Their name').fill(`quilla ${lastName}`);
    await dialog.getByRole('button', { name: 'Find' }).click();
    const again = dialog.getByTestId('picker-option');
    await expect.poll(() => again.innerText()).toContain(`Mother of Ada ${lastName} and Bea ${lastName}`);
    expect(await again.innerText()).toContain('Already in Bea’s family');
    expect(await dialog.getByLabel(`Quilla ${lastName}`).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // The carer: Ada's, chosen by name and shown with the children who live there, never with the address.
    const carerPanel = page.getByTestId('carer-panel');
    await carerPanel.getByRole('button', { name: 'Choose a carer already on record' }).click();
    const place = page.getByRole('dialog', { name: 'Place Bea with a carer already on record' });
    await place.getByLabel('Carer’s or placement’s name').fill('juniper fostering');
    await place.getByRole('button', { name: 'Find' }).click();
    const option = place.getByTestId('picker-option').filter({ hasText: carerName });
    await option.waitFor();
    const optionText = await option.innerText();
    expect(optionText).toContain(`Cares for Ada ${lastName}`);
    expect(optionText).not.toContain('Elm Row');
    await place.getByLabel(carerName).check();
    expect(await seriousViolations(page)).toEqual([]);
    await place.getByRole('button', { name: 'Place with this carer' }).click();
    await carerPanel.getByText(`Bea is recorded as living with ${carerName}.`).waitFor();
    expect(await carerPanel.getByTestId('carer').innerText()).toContain('7 Elm Row, Coxford CX2 1AB');
    await screenshot(page, 'child-record-existing-carer');
    await context.close();

    // Daniel, on a child of his own caseload, finds neither Bea's mother nor her carer.
    const other = await signedIn(browser, DANIEL);
    const his = (
      await api<{ saveChild: { id: string } }>(other.page, SAVE_CHILD, {
        input: { firstName: 'Cole', lastName, dateOfBirth: '2015-01-20' },
      })
    ).saveChild.id;
    await other.page.goto(`${productUrl()}/children/${his}/record`);
    await other.page
      .getByTestId('family-panel')
      .getByRole('button', { name: 'Add someone already on record' })
      .click();
    const hisDialog = other.page.getByRole('dialog', {
      name: 'Add someone already on record to Cole’s family',
    });
    await hisDialog.getByLabel('Their name').fill(lastName);
    await hisDialog.getByLabel('Their name').press('Enter');
    await expect
      .poll(() => hisDialog.getByTestId('picker-count').innerText())
      .toBe(`Nobody found for “${lastName}”.`);
    await hisDialog.getByRole('button', { name: 'Cancel' }).click();
    await other.page
      .getByTestId('carer-panel')
      .getByRole('button', { name: 'Choose a carer already on record' })
      .click();
    const hisPlace = other.page.getByRole('dialog', { name: 'Place Cole with a carer already on record' });
    await hisPlace.getByLabel('Carer’s or placement’s name').fill(carerName);
    await hisPlace.getByLabel('Carer’s or placement’s name').press('Enter');
    await expect
      .poll(() => hisPlace.getByTestId('picker-count').innerText())
      .toBe(`Nobody found for “${carerName}”.`);
    await other.context.close();
  });
});
