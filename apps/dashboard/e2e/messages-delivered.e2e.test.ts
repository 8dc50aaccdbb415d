import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startNotifyEndpoint,
  startSmtpServer,
  type NotifyTestEndpoint,
  type SmtpTestServer,
} from '../../api/test/support/mail-servers';
import { launch, screenshot, signedIn } from './browser';
import { startOwnProduct, type OwnProduct } from './own-product';

/**
 * A cancellation told by Kinroom's own message, end to end (docs/notifications.md, "How it was proved"): the product
 * runs with messages set up (a mail server and a GOV.UK Notify endpoint, both real servers on this machine); the
 * manager cancels a session on the timeline saying the family has not been told yet; the parent's text message goes
 * out, Notify reports it delivered, and the open session dialog shows the message delivered and the family told by
 * Kinroom's message, without a reload.
 */

const MANAGER = 'priya.shah@coxford.example';
const WAIT = 150_000;

let smtp: SmtpTestServer;
let notify: NotifyTestEndpoint;
let product: OwnProduct;
let browser: Browser;
let context: BrowserContext | null = null;

beforeAll(async () => {
  smtp = await startSmtpServer();
  notify = await startNotifyEndpoint();
  product = await startOwnProduct({
    KINROOM_SMTP_URL: smtp.url,
    KINROOM_MAIL_FROM: 'Kinroom <kinroom@coxford.example>',
    KINROOM_EMAIL_VIA: 'smtp',
    KINROOM_NOTIFY_API_KEY: notify.apiKey,
    KINROOM_NOTIFY_BASE_URL: notify.baseUrl,
    KINROOM_NOTIFY_SMS_TEMPLATE_ID: notify.templateIds.sms,
    KINROOM_NOTIFY_LETTER_TEMPLATE_ID: notify.templateIds.letter,
  });
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await product?.stop();
  await smtp?.close();
  await notify?.close();
});

describe('a cancellation told by Kinroom’s message', () => {
  it(
    'shows the family’s message delivered and the family told by it in the open session dialog, without a reload',
    async () => {
      // A contact session booked in the days ahead whose one parent has a mobile on record (the demo's parents do).
      const { rows } = await product.sql.query(
        `select s.id, to_char(s.starts_at at time zone 'Europe/London', 'YYYY-MM-DD') as day,
                c.first_name || ' ' || left(c.last_name, 1) || '.' as child,
                fm.first_name || ' ' || fm.last_name as parent, fm.phone
           from session s join child c on c.id = s.child_id
           join agreement_participant p on p.agreement_id = s.agreement_id
           join family_member fm on fm.id = p.family_member_id
          where s.status = 'scheduled' and s.kind = 'contact' and s.starts_at > now() + interval '1 day'
            and fm.phone like '07%'
            and (select count(*) from agreement_participant p2 where p2.agreement_id = s.agreement_id) = 1
          order by s.starts_at limit 1`,
      );
      const s = rows[0]!;

      const signed = await signedIn(browser, MANAGER, undefined, product.url);
      context = signed.context;
      const page = signed.page;
      await page.goto(`${product.url}/timeline?date=${s.day}&session=${s.id}`);
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Cancel session…' }).click();
      await dialog.getByRole('heading', { name: `Cancel ${s.child}’s session` }).waitFor();
      await dialog.getByLabel('Not yet (Kinroom will message the family)').check();
      await dialog.getByRole('button', { name: 'Cancel the session' }).click();
      await dialog.waitFor({ state: 'detached' });

      // The session dialog, opened again once and left open from here on.
      await page.locator(`[data-session="${s.id}"]`).click();
      const details = page.getByRole('dialog');
      const cancellation = details.getByTestId('dialog-cancellation');
      await cancellation.waitFor();
      expect(await cancellation.innerText()).toContain('family not yet told');

      // The parent's text message reaches Notify, which then reports it delivered to their phone.
      const [text] = await notify.waitFor(1, WAIT);
      expect(text!.type).toBe('sms');
      expect(text!.to).toBe(s.phone);
      notify.setStatus(text!.id, 'delivered');

      const familyMessage = details
        .getByTestId('message')
        .filter({ hasText: `Text message to ${s.parent} (family) · session cancelled` });
      await expect
        .poll(() => familyMessage.innerText().catch(() => ''), { timeout: WAIT, interval: 500 })
        .toMatch(/ · delivered \d\d:\d\d$/);
      await expect
        .poll(() => cancellation.innerText(), { timeout: WAIT, interval: 500 })
        .toMatch(/ · family told by Kinroom’s message at \w{3} \d{1,2} \w{3}, \d\d:\d\d$/);
      // The delivery and the family told are one moment.
      const deliveredAt = (await familyMessage.innerText()).match(/delivered (\d\d:\d\d)$/)![1];
      expect(await cancellation.innerText()).toContain(`, ${deliveredAt}`);
      await screenshot(page, 'messages-delivered-session-dialog');

      // With every way out set up, the desk says nothing of messages not going out.
      await page.goto(`${product.url}/desk`);
      await page.getByTestId('desk-messages').waitFor();
      expect(await page.getByTestId('desk-messages-not-set-up').count()).toBe(0);
    },
    4 * 60_000,
  );
});

describe('the product with no way out set up (the demo)', () => {
  it(
    'records a cancellation’s messages as not sent, and the manager’s desk says that messages are not going out',
    async () => {
      const demo = await startOwnProduct();
      const signed = await signedIn(browser, MANAGER, undefined, demo.url);
      try {
        const { rows } = await demo.sql.query(
          `select s.id, to_char(s.starts_at at time zone 'Europe/London', 'YYYY-MM-DD') as day,
                  c.first_name || ' ' || left(c.last_name, 1) || '.' as child
             from session s join child c on c.id = s.child_id
            where s.status = 'scheduled' and s.kind = 'contact' and s.starts_at > now() + interval '1 day'
            order by s.starts_at limit 1`,
        );
        const s = rows[0]!;
        const page = signed.page;
        await page.goto(`${demo.url}/timeline?date=${s.day}&session=${s.id}`);
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('button', { name: 'Cancel session…' }).click();
        await dialog.getByLabel('Not yet (Kinroom will message the family)').check();
        await dialog.getByRole('button', { name: 'Cancel the session' }).click();
        await dialog.waitFor({ state: 'detached' });

        // The family's and the social worker's messages are recorded, and say they were not sent, and why.
        await page.locator(`[data-session="${s.id}"]`).click();
        const lines = page.getByRole('dialog').getByTestId('message');
        await expect
          .poll(() => lines.allInnerTexts(), { timeout: WAIT, interval: 500 })
          .toEqual(
            expect.arrayContaining([
              expect.stringMatching(
                /\(family\) · session cancelled · not sent: Kinroom is not set up to send this way$/,
              ),
              // The social worker's email, named as staff are.
              expect.stringMatching(
                /^Email to [^()]+ · .+ · not sent: Kinroom is not set up to send this way$/,
              ),
            ]),
          );

        // The desk says so, with as many as are recorded.
        const counted = async () =>
          Number(
            (
              await demo.sql.query(
                `select count(*) as n from message where status = 'not_sent' and not_sent_reason = 'channel_not_configured'
                   and centre_id = (select centre_id from session where id = $1)`,
                [s.id],
              )
            ).rows[0]!.n,
          );
        const n = await counted();
        expect(n).toBeGreaterThanOrEqual(2);
        await page.goto(`${demo.url}/desk`);
        const line = page.getByTestId('desk-messages-not-set-up');
        await line.waitFor();
        const said = await line.innerText();
        expect(said).toMatch(/^Messages are not set up: \d+ messages not sent in the last 30 days\./);
        expect(Number(said.match(/: (\d+) messages/)![1])).toBeGreaterThanOrEqual(n);
        expect(Number(said.match(/: (\d+) messages/)![1])).toBeLessThanOrEqual(await counted());
        await screenshot(page, 'messages-not-set-up-desk');
      } finally {
        await signed.context.close();
        await demo.stop();
      }
    },
    4 * 60_000,
  );
});
