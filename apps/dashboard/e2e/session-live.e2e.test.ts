import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { api, launch, screenshot, signedIn } from './browser';
import { startOwnProduct, type OwnProduct } from './own-product';

/**
 * One session seen from every screen at once (docs/sessions.md, "Absence notices", "Warnings" and "Cancelling"), on
 * a product of this file's own so that the demo day's times can be set to what must be true now: the centre manager's
 * board and timeline and the supervisor's card follow an absence notice without a reload; a family late past the
 * grace period and a child kept waiting are warned about; a cancellation asks whether and how the family was told.
 */

const MANAGER = 'priya.shah@coxford.example';
const SAM = 'sam.patel@coxford.example';
const HANNAH = 'hannah.price@coxford.example';

let product: OwnProduct;
let browser: Browser;
const ids = {} as Record<'kai' | 'poppy' | 'rowan', string>;
const contexts: BrowserContext[] = [];

/** The demo day's session of a child (first name), whichever room it is in. */
async function todays(firstName: string): Promise<string> {
  const { rows } = await product.sql.query(
    `select s.id from session s join child c on c.id = s.child_id
      where c.first_name = $1 and s.starts_at between now() - interval '3 hours' and now() + interval '4 hours'`,
    [firstName],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!.id!;
}

beforeAll(async () => {
  product = await startOwnProduct();
  browser = await launch();
  const sql = product.sql;
  const rooms = async (name: string) =>
    (await sql.query(`select id from room where name = $1`, [name])).rows[0]!.id!;
  const staff = async (email: string) =>
    (await sql.query(`select id from staff_user where email = $1`, [email])).rows[0]!.id!;

  // Poppy's family was due in Birch 35 minutes ago (20 minutes before her start): past the 15 minutes' grace.
  ids.poppy = await todays('Poppy');
  await sql.query(
    `update session set starts_at = now() - interval '20 minutes', ends_at = now() + interval '40 minutes',
       supervisor_id = $2, room_id = $3 where id = $1`,
    [ids.poppy, await staff(HANNAH), await rooms('Birch')],
  );
  // Kai is due in Cedar in 20 minutes with Sam (whose earlier session is over, and whose booking of Poppy has gone to Hannah); nobody has given notice yet.
  ids.kai = await todays('Kai');
  await sql.query(
    `update session set starts_at = now() + interval '20 minutes', ends_at = now() + interval '80 minutes',
       supervisor_id = $2, room_id = $3 where id = $1`,
    [ids.kai, await staff(SAM), await rooms('Cedar')],
  );
  // The child in Rowan was checked in 14 minutes ago, and contact has not started.
  ids.rowan = (
    await sql.query(`select id from session where status = 'child_arrived' and room_id = $1`, [
      await rooms('Rowan'),
    ])
  ).rows[0]!.id!;
  await sql.query(
    `update session set starts_at = now() - interval '15 minutes', ends_at = now() + interval '45 minutes',
       parent_arrived_at = now() - interval '30 minutes', child_arrived_at = now() - interval '14 minutes'
      where id = $1`,
    [ids.rowan],
  );
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await product?.stop();
});

async function open(email: string, path: string): Promise<Page> {
  const { context, page } = await signedIn(browser, email, undefined, product.url);
  contexts.push(context);
  await page.goto(new URL(path, product.url).href);
  return page;
}

const room = (page: Page, name: string) => page.getByTestId(`room-${name}`);
const nextLine = (page: Page, name: string) => room(page, name).locator('p.next').first().innerText();

describe('one session on every screen', () => {
  it('an absence notice changes the board, the timeline and the supervisor’s card at once, without a reload', async () => {
    const board = await open(MANAGER, '/board');
    await room(board, 'Cedar').waitFor();
    const timeline = await open(MANAGER, '/timeline');
    const kaiBlock = timeline.locator(`[data-session="${ids.kai}"]`);
    await kaiBlock.waitFor();
    const card = await open(SAM, '/my-sessions');
    const kai = card.getByTestId('session-Kai');
    await kai.waitFor();

    expect(await nextLine(board, 'Cedar')).toMatch(/^Next: Kai R\., /);
    expect(await kaiBlock.innerText()).toContain('Booked');
    expect(await kai.locator('.steps button').allInnerTexts()).toEqual(['Check in parent']);
    for (const page of [board, timeline, card]) {
      await expect
        .poll(() => page.getByTestId('connection-state').innerText(), { timeout: 15_000 })
        .toMatch(/Live/);
    }

    // The mother rings; the manager records it (through the API, as an integration or another screen would).
    const received = new Date(Date.now() - 2 * 60_000);
    await api(
      board,
      `mutation($input: RecordAbsenceNoticeInput!) { recordAbsenceNotice(input: $input) { id } }`,
      {
        input: {
          sessionId: ids.kai,
          receivedAt: received.toISOString(),
          givenBy: 'Mum',
          reason: 'Kai’s brother is ill',
        },
      },
    );

    const live = { timeout: 20_000 };
    await expect.poll(() => nextLine(board, 'Cedar'), live).toBe('Nothing else booked today.');
    expect(await room(board, 'Cedar').getByTestId('not-coming').innerText()).toMatch(
      /^Not coming: Kai R\., /,
    );
    await expect.poll(() => kaiBlock.innerText(), live).toContain('Absence notified');
    expect(await kaiBlock.innerText()).not.toContain('Booked');
    await expect
      .poll(() => kai.getByTestId('session-status').innerText(), live)
      .toContain('Family not coming');
    expect(await kai.locator('.steps button').count()).toBe(0);
    expect(await kai.innerText()).not.toContain('Check in parent');
    expect(await kai.getByTestId('not-coming').innerText()).toMatch(
      /^Mum told us at \d\d:\d\d that they cannot come \(explained\)\./,
    );
    await screenshot(board, 'session-live-board');
    await screenshot(card, 'session-live-card');
  });

  it('warns of a family late past the grace period and of a child kept waiting, on the board and the card', async () => {
    const board = await open(MANAGER, '/board');
    await room(board, 'Birch').waitFor();
    const birch = room(board, 'Birch').locator('.warnings');
    expect(await birch.innerText()).toMatch(/Family late: Poppy A\.'s family has not arrived in Birch/);
    expect(await room(board, 'Rowan').locator('.warnings').innerText()).toMatch(
      /Child waiting: .+ arrived in Rowan at \d\d:\d\d and has been waiting 1\d min/,
    );

    const card = await open(HANNAH, '/my-sessions');
    const poppy = card.getByTestId('session-Poppy');
    await poppy.waitFor();
    expect(await poppy.getByTestId('session-warning').innerText()).toMatch(
      /Poppy A\.'s family has not arrived/,
    );

    // Checked in at last: the warning clears on the board without a reload.
    await poppy.getByRole('button', { name: 'Check in parent' }).click();
    await expect.poll(() => room(board, 'Birch').locator('.warnings').count(), { timeout: 20_000 }).toBe(0);
  });

  it('will not cancel until the manager says whether the family was told, then shows who cancelled and how they were told', async () => {
    const timeline = await open(MANAGER, '/timeline');
    const block = timeline.locator(`[data-session="${ids.kai}"]`);
    await block.click();
    const dialog = timeline.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Cancel session…' }).click();
    await dialog.getByRole('heading', { name: /^Cancel Kai R\.’s session/ }).waitFor();

    await dialog.getByRole('button', { name: 'Cancel the session' }).click();
    expect(await dialog.getByRole('alert').innerText()).toBe('Say whether the family has been told.');
    await dialog.getByLabel('Yes').check();
    await dialog.getByRole('button', { name: 'Cancel the session' }).click();
    expect(await dialog.getByRole('alert').innerText()).toBe('Say how the family was told.');
    const { session: still } = await api<{ session: { status: string } }>(
      timeline,
      'query($id: ID!) { session(id: $id) { status } }',
      { id: ids.kai },
    );
    expect(still.status).toBe('SCHEDULED');

    await dialog.getByLabel('How were they told?').selectOption('PHONE');
    await dialog.getByRole('button', { name: 'Cancel the session' }).click();
    await dialog.waitFor({ state: 'detached' });

    await block.click();
    await timeline.getByRole('dialog').waitFor();
    expect(await timeline.getByTestId('dialog-cancellation').innerText()).toMatch(
      /^Cancelled by Priya Shah at \w{3} \d{1,2} \w{3}, \d\d:\d\d · The child is ill · family told by phone at \w{3} \d{1,2} \w{3}, \d\d:\d\d$/,
    );
    await screenshot(timeline, 'session-live-cancelled');
  });
});
