import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { seriousViolations } from './axe';
import { launch, productUrl, screenshot, signedIn } from './browser';

// Two social workers of the demo council: a child Aisha adds is on her caseload, and no one else's.
const AISHA = 'aisha.khan@coxford.example';
const DANIEL = 'daniel.brooks@coxford.example';
const LEE = 'lee.turner@coxford.example';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

describe('a child’s record', () => {
  it('is added by a social worker with a school timetable and a parent, edited, and closed to another social worker', async () => {
    const { context, page } = await signedIn(browser, AISHA);
    // A family name of this run's own, so that a rerun on the same database finds only this child.
    const lastName = `Fairweather${Date.now().toString(36)}`;

    // Children → Add a child: it opens on her caseload, at the child's record.
    await page.getByTestId('caseload-totals').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Children' }).click();
    await page.waitForURL(/\/children$/);
    await page.getByTestId('add-child-open').click();
    const add = page.getByRole('dialog', { name: 'Add a child' });
    await add.getByText('The child opens on your caseload.').waitFor();
    await add.getByLabel('First name').fill('Robin');
    await add.getByLabel('Last name').fill(lastName);
    await add.getByLabel('Date of birth').fill('2017-04-09');
    await add.getByRole('button', { name: 'Add child' }).click();
    await page.waitForURL(/\/children\/[0-9a-f-]{36}\/record$/);
    const childId = new URL(page.url()).pathname.split('/')[2]!;
    expect(await page.locator('h1').innerText()).toBe(`Robin ${lastName}`);
    expect(await page.getByTestId('case-holder').innerText()).toMatch(/^Held by you since/);

    // The child's independent reviewing officer, on the case: an address that is not an email is refused next to
    // the field, and nothing typed is lost; then saved, and shown with the case.
    const casePanel = page.getByTestId('case-panel');
    expect(await casePanel.getByTestId('case-officer').innerText()).toBe(
      'No independent reviewing officer recorded.',
    );
    await casePanel.getByRole('button', { name: 'Reviewing officer' }).click();
    const iro = page.getByRole('dialog', { name: 'Robin’s independent reviewing officer' });
    await iro.getByLabel('Name').fill('Rae Reviewer');
    await iro.getByLabel('Email').fill('rae@council');
    await iro.getByRole('button', { name: 'Save' }).click();
    await iro.getByText('The email address is not valid.').waitFor();
    expect(await iro.getByLabel('Name').inputValue()).toBe('Rae Reviewer');
    await iro.getByLabel('Email').fill('rae.iro@coxford.example');
    await iro.getByRole('button', { name: 'Save' }).click();
    await casePanel.getByText('Robin’s reviewing officer is saved.').waitFor();
    expect(await casePanel.getByTestId('case-officer').innerText()).toBe(
      'Independent reviewing officer: Rae Reviewer (rae.iro@coxford.example).',
    );

    // The school timetable: Monday typed once, Tuesday to Friday added at the same times.
    const details = page.getByTestId('child-details');
    const school = details.getByTestId('school-pattern');
    await school.getByRole('button', { name: 'Add a school day' }).click();
    await school.getByLabel('From, school day 1').fill('08:45');
    await school.getByLabel('Until, school day 1').fill('15:15');
    for (let i = 0; i < 4; i++) await school.getByRole('button', { name: 'Add a school day' }).click();
    expect(await school.getByTestId('pattern-row').count()).toBe(5);
    expect(await school.getByLabel('Day, school day 5').inputValue()).toBe('5');
    // A time left empty is named on its row, in the domain's words, and nothing is sent.
    await school.getByLabel('Until, school day 5').fill('');
    expect(await school.getByTestId('pattern-row').nth(4).innerText()).toContain('End must be an HH:MM time');
    await details.getByRole('button', { name: 'Save details' }).click();
    expect(await school.locator('[role="alert"]').innerText()).toContain('Correct the school timetable');
    await school.getByLabel('Until, school day 5').fill('15:15');
    await details.getByRole('button', { name: 'Save details' }).click();
    await details.getByText('Robin’s details are saved.').waitFor();

    // A parent with parental responsibility, a telephone and a work pattern.
    const family = page.getByTestId('family-panel');
    await family.getByTestId('add-family-member').click();
    const dialog = page.getByRole('dialog', { name: /Add a family member/ });
    await dialog.getByLabel('First name').fill('Jess');
    await dialog.getByLabel('Last name').fill(lastName);
    await dialog.getByLabel('Relationship to Robin').fill('mother');
    await dialog.getByLabel('Holds parental responsibility').check();
    await dialog.getByLabel('Telephone').fill('07700 900123');
    await dialog.getByRole('button', { name: 'Add a working time' }).click();
    await dialog.getByLabel('From, working time 1').fill('09:00');
    await dialog.getByLabel('Until, working time 1').fill('17:00');
    await screenshot(page, 'child-record-family-dialog');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Add family member' }).click();
    await family.getByText(`Jess ${lastName} is recorded as Robin’s mother.`).waitFor();
    const jess = family.getByTestId('family-member').filter({ hasText: `Jess ${lastName}` });
    const jessText = await jess.innerText();
    expect(jessText).toContain('(mother)');
    expect(jessText).toContain('Holds parental responsibility');
    expect(jessText).toContain('07700 900123');
    expect(jessText).toContain('Monday 09:00–17:00');

    // A date of birth in the future is refused by the API, next to the field, and what was typed stays.
    const dob = details.getByLabel('Date of birth');
    await dob.fill('2099-01-01');
    await details.getByRole('button', { name: 'Save details' }).click();
    const refusal = details.getByText('The date of birth cannot be in the future.');
    await refusal.waitFor();
    expect(await dob.getAttribute('aria-invalid')).toBe('true');
    expect(await dob.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await dob.inputValue()).toBe('2099-01-01');
    expect(await school.getByTestId('pattern-row').count()).toBe(5);

    // The date of birth corrected: saved, and shown in the change history with who changed it.
    await dob.fill('2017-04-19');
    // Before a date of death is saved, the form says what it changes: how long the record is kept.
    await details.getByLabel('Date of death').fill('2021-02-01');
    expect(await details.getByTestId('death-warning').innerText()).toContain(
      'kept for 15 years after the death, until 1 Feb 2036',
    );
    await details.getByLabel('Date of death').fill('');
    await details.getByRole('button', { name: 'Save details' }).click();
    await details.getByText('Robin’s details are saved.').waitFor();
    const history = page.getByTestId('change-history');
    const change = history.getByTestId('change').filter({ hasText: 'Date of birth' }).first();
    await change.waitFor();
    const changeText = await change.innerText();
    expect(changeText).toContain('Details changed');
    expect(changeText).toContain('Aisha Khan, in the dashboard');
    expect(changeText).toMatch(/Date of birth\s+9 Apr 2017\s+19 Apr 2017/);
    expect(await history.innerText()).toContain('Family member added');
    expect(await page.locator('.sub').innerText()).toContain('Born 19 Apr 2017');

    await screenshot(page, 'child-record');
    expect(await seriousViolations(page)).toEqual([]);
    // Nothing runs off the side at tablet width.
    await page.setViewportSize({ width: 768, height: 1024 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(
      true,
    );
    await screenshot(page, 'child-record-768');
    await page.setViewportSize({ width: 1280, height: 800 });

    // Found by name from the children page, and reached from her caseload.
    await page.goto(`${productUrl()}/children`);
    const search = page.getByLabel('Search by name');
    await search.fill('R');
    await search.press('Enter');
    await page.getByText('Type at least 2 letters of the name.').waitFor();
    await search.fill(lastName);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect
      .poll(() => page.getByTestId('search-count').innerText())
      .toBe(`1 child found for “${lastName}”.`);
    await page
      .getByTestId('child-match')
      .filter({ hasText: `Robin ${lastName}` })
      .waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toBe(lastName);
    await page.goto(`${productUrl()}/caseload`);
    const card = page.getByTestId('caseload-child').filter({ hasText: `Robin ${lastName}` });
    await card.getByRole('link', { name: /Robin’s record/ }).click();
    await page.waitForURL(`${productUrl()}/children/${childId}/record`);
    await context.close();

    // Another social worker cannot open the record, nor find the child.
    const other = await signedIn(browser, DANIEL);
    await other.page.goto(`${productUrl()}/children/${childId}/record`);
    const unavailable = other.page.getByTestId('record-unavailable');
    await unavailable.waitFor();
    expect(await unavailable.innerText()).toContain('That record is not there, or it is not yours to see.');
    expect(await other.page.getByText(lastName).count()).toBe(0);
    await other.page.goto(`${productUrl()}/children?q=${lastName}`);
    await other.page.getByTestId('search-count').waitFor();
    expect(await other.page.getByTestId('search-count').innerText()).toBe(
      `No child found for “${lastName}”.`,
    );
    await other.context.close();
  });

  it('is set up by an admin on a social worker’s caseload, with a carer; the social worker transfers it, and family is removed with confirmation', async () => {
    const admin = await signedIn(browser, LEE);
    const lastName = `Ashdown${Date.now().toString(36)}`;
    await admin.page.goto(`${productUrl()}/children`);
    await admin.page.getByTestId('add-child-open').click();
    const add = admin.page.getByRole('dialog', { name: 'Add a child' });
    await add.getByLabel('First name').fill('Sam');
    await add.getByLabel('Last name').fill(lastName);
    await add.getByLabel('Date of birth').fill('2019-10-02');
    await add.getByLabel('Social worker').selectOption({ label: 'Daniel Brooks' });
    await add.getByRole('button', { name: 'Add child' }).click();
    await admin.page.waitForURL(/\/children\/[0-9a-f-]{36}\/record$/);
    const childId = new URL(admin.page.url()).pathname.split('/')[2]!;
    const holder = admin.page.getByTestId('case-holder');
    await expect.poll(() => holder.innerText()).toMatch(/^Held by Daniel Brooks since/);

    // The carer: recorded by the admin, shown in full to those who keep the record.
    const carer = admin.page.getByTestId('carer-panel');
    await carer.getByRole('button', { name: 'Record the carer' }).click();
    const carerDialog = admin.page.getByRole('dialog', { name: 'Sam’s new carer' });
    await carerDialog.getByLabel('Carer’s or placement’s name').fill('Linden foster placement');
    await carerDialog.getByLabel('Address').fill('4 Quarry Lane\nCoxford CX2 9QA');
    // A telephone number the API refuses is named beside its field; the rest stays as typed.
    await carerDialog.getByLabel('Telephone').fill('call the office');
    await carerDialog.getByRole('button', { name: 'Save carer' }).click();
    await carerDialog
      .getByText('The telephone number may only hold digits, spaces, brackets, dashes and a leading +.')
      .waitFor();
    expect(await carerDialog.getByLabel('Address').inputValue()).toBe('4 Quarry Lane\nCoxford CX2 9QA');
    await carerDialog.getByLabel('Telephone').fill('01632 960001');
    await carerDialog.getByRole('button', { name: 'Save carer' }).click();
    await carer.getByText('Sam is recorded as living with Linden foster placement.').waitFor();
    expect(await carer.getByTestId('carer').innerText()).toMatch(/4 Quarry Lane\s+Coxford CX2 9QA/);
    // The history holds the carer's own record beside the child's: who recorded it, and the child's new carer.
    const history = admin.page.getByTestId('change-history');
    await history.getByText('Carer Linden foster placement recorded', { exact: true }).waitFor();
    expect(
      await history.getByTestId('change').filter({ hasText: 'Details changed' }).first().innerText(),
    ).toMatch(/Carer\s+none\s+Linden foster placement/);
    await admin.context.close();

    // Daniel finds Sam on his caseload, adds a grandfather, then removes him, confirming first.
    const daniel = await signedIn(browser, DANIEL);
    await daniel.page.goto(`${productUrl()}/children/${childId}/record`);
    const family = daniel.page.getByTestId('family-panel');
    await family.getByTestId('add-family-member').click();
    const dialog = daniel.page.getByRole('dialog', { name: /Add a family member/ });
    await dialog.getByLabel('First name').fill('Ray');
    await dialog.getByLabel('Last name').fill(lastName);
    await dialog.getByLabel('Relationship to Sam').fill('grandfather');
    await dialog.getByRole('button', { name: 'Add family member' }).click();
    const ray = family.getByTestId('family-member').filter({ hasText: `Ray ${lastName}` });
    await ray.waitFor();
    expect(await ray.innerText()).toContain('No parental responsibility');
    await ray.getByRole('button', { name: `Remove from family: Ray ${lastName}` }).click();
    const confirm = daniel.page.getByRole('dialog', { name: `Remove Ray ${lastName} from Sam’s family?` });
    await confirm.getByRole('button', { name: 'Remove from family' }).click();
    await family.getByText(`Ray ${lastName} is no longer listed in Sam’s family.`).waitFor();
    expect(await family.getByTestId('family-member').count()).toBe(0);
    expect(await daniel.page.getByTestId('change-history').innerText()).toContain(
      'Family member removed from the child',
    );

    // He hands the case to Megan Hughes, told first that he loses the record; then he cannot open it.
    const casePanel = daniel.page.getByTestId('case-panel');
    await casePanel.getByRole('button', { name: 'Transfer the case' }).click();
    const transfer = daniel.page.getByRole('dialog', { name: 'Transfer Sam’s case' });
    expect(await transfer.innerText()).toContain('You will no longer be able to open this record.');
    await transfer.getByLabel('Social worker who takes the case').selectOption({ label: 'Megan Hughes' });
    await transfer.getByRole('button', { name: 'Transfer' }).click();
    await casePanel.getByText('Sam’s case is with Megan Hughes now.').waitFor();
    await daniel.page.reload();
    await daniel.page.getByTestId('record-unavailable').waitFor();
    await daniel.context.close();
  });
});
