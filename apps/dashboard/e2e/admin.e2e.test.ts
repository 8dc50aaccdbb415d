import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { seriousViolations } from './axe';
import { launch, screenshot, signedIn } from './browser';

/**
 * docs/set-up.md in the real product: the council's admin opens a centre and a room, invites a supervisor,
 * deactivates them (which signs them out at once), and finds each change in Activity.
 */

const ADMIN = 'lee.turner@coxford.example';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

describe('setting up a council', () => {
  it('the admin creates a centre and a room, invites and deactivates a supervisor, and sees it all in Activity', async () => {
    const { context, page } = await signedIn(browser, ADMIN);
    const nav = page.getByRole('navigation');

    await nav.getByRole('link', { name: 'Centres and rooms' }).click();
    await page.getByRole('heading', { name: 'Centres and rooms', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New centre' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('Centre name').fill('Hensbury Family Centre');
    await dialog.getByLabel('Address').fill('2 Church Walk, Hensbury');
    await dialog.getByLabel('Open on Sunday').uncheck();
    await dialog.getByLabel('Monday closes at').fill('08:00');
    await dialog.getByRole('button', { name: 'Create centre' }).click();
    expect(await dialog.getByRole('alert').innerText()).toBe(
      'Monday: the centre must open before it closes.',
    );
    await dialog.getByLabel('Monday closes at').fill('20:00');
    await dialog.getByRole('button', { name: 'Create centre' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByTestId('centres-message').innerText()).toBe('Hensbury Family Centre opened.');

    const centre = page.locator('[data-centre="Hensbury Family Centre"]');
    await centre.getByRole('button', { name: 'Add a room to Hensbury Family Centre' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Room name').fill('Lark');
    await dialog.getByLabel('Capacity (people)').fill('5');
    await dialog.getByLabel(/Facilities/).fill('toys, baby change');
    await dialog.getByRole('button', { name: 'Add room' }).click();
    await dialog.waitFor({ state: 'detached' });
    await centre.getByRole('rowheader', { name: 'Lark' }).waitFor();
    expect(await centre.getByRole('row', { name: /Lark/ }).innerText()).toContain('toys, baby change');
    expect(await seriousViolations(page)).toEqual([]);

    await nav.getByRole('link', { name: 'Staff', exact: true }).click();
    await page.getByRole('button', { name: 'Invite a member of staff' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Full name').fill('Nia Brook');
    await dialog.getByLabel(/Email address/).fill('nia.brook@coxford.example');
    await dialog.getByLabel('Role').selectOption('SUPERVISOR');
    await dialog.getByRole('button', { name: 'Invite' }).click();
    expect(await dialog.getByRole('alert').innerText()).toMatch(/work at a centre/);
    await dialog.getByLabel('Centre').selectOption({ label: 'Hensbury Family Centre' });
    await dialog.getByRole('button', { name: 'Invite' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator('[data-person="nia.brook@coxford.example"]');
    expect(await row.innerText()).toContain('Active, not signed in yet');
    expect(await row.innerText()).toContain('Hensbury Family Centre');

    await row.getByRole('button', { name: 'Deactivate Nia Brook' }).click();
    dialog = page.getByRole('dialog');
    expect(await dialog.innerText()).toMatch(/signed out now, on every device/);
    await dialog.getByRole('button', { name: 'Deactivate and sign out' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByTestId('staff-message').innerText()).toBe(
      'Nia Brook is deactivated and signed out.',
    );
    expect(await row.innerText()).toContain('Deactivated');
    expect(await seriousViolations(page)).toEqual([]);

    await nav.getByRole('link', { name: 'Activity' }).click();
    const list = page.getByTestId('activity-list');
    await list.waitFor();
    const text = await list.innerText();
    expect(text).toMatch(/Staff deactivated\s+by Lee Turner via dashboard/);
    expect(text).toMatch(/Staff created\s+by Lee Turner/);
    expect(text).toMatch(/Room created\s+by Lee Turner/);
    expect(text).toMatch(/Centre created\s+by Lee Turner/);
    expect(text).toContain('name: — → Hensbury Family Centre');
    expect(text).toContain('active: true → false');
    await screenshot(page, 'admin-activity');
    await context.close();
  });
});
