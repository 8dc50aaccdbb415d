import { addDaysToDateKey, fromLondonDateKey, londonDateKey } from '@kinroom/domain';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe';
import { launch, screenshot, signedIn } from './browser';
import { startOwnProduct, type OwnProduct, type SqlClient } from './own-product';

/**
 * Messages sent outside the dashboard, where the work is (docs/notifications.md, "Where messages are shown"), in
 * Chromium on a product of this file's own: the rows are written as the sending engine leaves them. The manager
 * reads a cancelled session's messages in its dialog and the one that failed on her desk, the carer never named; the
 * social worker marks a parent "do not contact", which needs a reason.
 */

const MANAGER = 'priya.shah@coxford.example';
const SOCIAL_WORKER = 'aisha.khan@coxford.example';

let product: OwnProduct;
let browser: Browser;
let sql: SqlClient;
let sessionId: string;
let dateKey: string;
let maisieId: string;
let carerName: string;

beforeAll(async () => {
  product = await startOwnProduct();
  sql = product.sql;
  browser = await launch();
  // Maisie's session the day after tomorrow at 21:00, when the demo week books nothing, cancelled by the centre.
  dateKey = addDaysToDateKey(londonDateKey(new Date()), 2);
  const startsAt = fromLondonDateKey(dateKey, '21:00');
  const { rows } = await sql.query(
    `insert into session (id, council_id, centre_id, room_id, supervisor_id, agreement_id, child_id, kind,
       starts_at, ends_at, turnover_minutes, status, cancelled_at, cancellation_reason, cancelled_by_id)
     select gen_random_uuid(), a.council_id, a.centre_id,
            (select id from room where centre_id = a.centre_id order by name limit 1),
            (select id from staff_user where email = 'tom.okafor@coxford.example'), a.id, a.child_id, 'contact',
            $1, $2, 15, 'cancelled', now(), 'child_ill', (select id from staff_user where email = $3)
       from contact_agreement a join child c on c.id = a.child_id
      where c.first_name = 'Maisie' and a.status = 'active'
     returning id, child_id`,
    [startsAt, new Date(startsAt.getTime() + 3_600_000), MANAGER],
  );
  sessionId = rows[0]!.id!;
  maisieId = rows[0]!.child_id!;
  const write = (
    purpose: string,
    kind: string,
    recipient: string,
    channel: string,
    status: string,
    extra = '',
  ) =>
    sql.query(
      `insert into message (id, council_id, dedupe_key, purpose, centre_id, child_id, session_id, recipient_kind,
         recipient_id, channel, status, attempts, last_error, planned_at, sent_at, delivered_at, failed_at)
       select gen_random_uuid(), s.council_id, gen_random_uuid()::text, $2, s.centre_id, s.child_id, s.id, $3,
              ${recipient}, $4, $5, case when $5 = 'failed' then 3 else 1 end,
              case when $5 = 'failed' then 'number not recognised' end, now() - interval '5 minutes',
              case when $5 = 'delivered' then now() - interval '4 minutes' end,
              case when $5 = 'delivered' then now() - interval '3 minutes' end,
              case when $5 = 'failed' then now() - interval '1 minute' end
         from session s join child c on c.id = s.child_id where s.id = $1 ${extra}`,
      [sessionId, purpose, kind, channel, status],
    );
  await write(
    'session_cancelled_family',
    'family_member',
    '(select family_member_id from child_family_member where child_id = s.child_id limit 1)',
    'email',
    'delivered',
  );
  await write('session_cancelled_carer', 'carer', 'c.carer_id', 'sms', 'failed');
  const carer = await sql.query(
    `select name from carer where id = (select carer_id from child where id = $1)`,
    [maisieId],
  );
  carerName = carer.rows[0]!.name!;
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

describe('messages sent outside the dashboard', () => {
  it('are listed on the cancelled session’s dialog, the carer never named', async () => {
    const { context, page } = await signedIn(browser, MANAGER, undefined, product.url);
    await page.goto(`${product.url}/timeline?date=${dateKey}&session=${sessionId}`);
    const dialog = page.getByRole('dialog');
    const list = dialog.getByTestId('message-list');
    await list.waitFor();
    const items = await list.getByTestId('message').allInnerTexts();
    expect(items).toHaveLength(2);
    expect(items[0]).toMatch(/^Email to Jade Carter \(family\) · session cancelled · delivered \d\d:\d\d$/);
    expect(items[1]).toBe(
      '⚠ Text message to the child’s carer · session cancelled · failed: number not recognised · 3 attempts',
    );
    expect(await dialog.innerText()).not.toContain(carerName);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'messages-session-dialog');
    await context.close();
  });

  it('shows the manager the one that failed on her desk, with the session it was about', async () => {
    const { context, page } = await signedIn(browser, MANAGER, undefined, product.url);
    await page.goto(`${product.url}/desk`);
    const section = page.getByTestId('desk-messages');
    const failed = section.getByRole('listitem').filter({ hasText: 'number not recognised' });
    await failed.waitFor();
    expect(await section.getByTestId('desk-messages-count').innerText()).toBe('1');
    expect(await failed.innerText()).toMatch(
      /Text message to the child’s carer · session cancelled · failed: number not recognised · 3 attempts · Maisie C\.’s session of .* 21:00/,
    );
    expect(await section.innerText()).not.toContain(carerName);
    await failed.getByRole('link', { name: /Open the session/ }).click();
    await page.waitForURL(/\/timeline\?date=.*session=/);
    await page.getByRole('dialog').getByTestId('message-list').waitFor();
    await context.close();
  });

  it('shows the social worker the messages in her child’s history, and lets her mark a parent “do not contact”, only with a reason', async () => {
    const { context, page } = await signedIn(browser, SOCIAL_WORKER, undefined, product.url);
    // Her child's history shows the cancelled session's messages too, the carer unnamed.
    await page.goto(`${product.url}/children/${maisieId}`);
    const entry = page.getByTestId('history-session').filter({ has: page.getByTestId('message-list') });
    await entry.first().waitFor();
    expect(await entry.first().getByTestId('message').allInnerTexts()).toEqual([
      expect.stringMatching(/^Email to Jade Carter \(family\) · session cancelled · delivered/),
      expect.stringContaining('Text message to the child’s carer · session cancelled · failed'),
    ]);
    expect(await page.locator('main').innerText()).not.toContain(carerName);

    await page.goto(`${product.url}/children/${maisieId}/record`);
    await page.getByRole('button', { name: 'Edit Jade Carter' }).click();
    const form = page.getByTestId('family-form');
    const prefs = form.getByTestId('contact-preferences');
    await prefs.getByLabel('Contact by').selectOption({ label: 'Text message (a UK mobile)' });
    await prefs.getByLabel('Do not contact').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    // Refused before anything is sent, next to the field it names.
    const reason = prefs.getByLabel('Why not');
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    expect(await prefs.innerText()).toContain('Say why they must not be contacted.');

    await reason.fill('A court order forbids contact for now.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await form.waitFor({ state: 'detached' });
    await page
      .getByTestId('family-messages')
      .filter({ hasText: 'Do not contact: A court order forbids contact for now.' })
      .waitFor();
    const saved = await sql.query(
      `select contact_by, do_not_contact::text, do_not_contact_reason from family_member
        where first_name = 'Jade' and last_name = 'Carter'`,
    );
    expect(saved.rows[0]).toEqual({
      contact_by: 'sms',
      do_not_contact: 'true',
      do_not_contact_reason: 'A court order forbids contact for now.',
    });
    await context.close();
  });
});
