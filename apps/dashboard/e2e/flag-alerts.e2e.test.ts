import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './axe';
import { api, launch, screenshot, signedIn } from './browser';
import { startOwnProduct, type OwnProduct } from './own-product';

/**
 * A safeguarding flag raised at the centre reaches the manager's board, already open, first and at once: counted in
 * the menu, announced to a screen reader once, and gone from both once acknowledged. The supervisor raises it from a
 * phone and is told it is not yet acknowledged until it is. Pages without live data show no connection badge.
 * On a product of this file's own, so the flags raised here change no other file's counts.
 */

// Kwame Mensah runs Ruby's session today; Priya Shah manages the centre; Lee Turner is the council's admin; Aisha
// Khan is a social worker with flags waiting on her caseload.
const KWAME = 'kwame.mensah@coxford.example';
const PRIYA = 'priya.shah@coxford.example';
const LEE = 'lee.turner@coxford.example';
const AISHA = 'aisha.khan@coxford.example';
const PHONE = { width: 375, height: 667 };

const RAISE = `mutation Raise($input: RaiseFlagInput!) { raiseFlag(input: $input) { id } }`;

let product: OwnProduct;
let browser: Browser;
beforeAll(async () => {
  product = await startOwnProduct();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

/** The text of every live region on the page (aria-live, status, alert, log), in document order. */
const liveRegions = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('[aria-live], [role="status"], [role="alert"], [role="log"]')].map(
      (e) => `${e.getAttribute('data-testid') ?? e.tagName}: ${e.textContent?.trim() ?? ''}`,
    ),
  );

/** Each text the board's flag announcer has held since this was called, blanks left out. */
async function recordAnnouncements(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid="board-flag-announcer"]')!;
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    new MutationObserver(() => {
      const t = el.textContent?.trim() ?? '';
      if (t) said.push(t);
    }).observe(el, { childList: true, subtree: true, characterData: true });
  });
  return () => page.evaluate(() => [...(window as unknown as { said: string[] }).said]);
}

const navCount = async (page: Page) => {
  const badge = page.getByTestId('nav-flag-count');
  return (await badge.count()) ? Number((await badge.innerText()).match(/^\d+/)![0]) : 0;
};

describe('flags on the manager’s board', () => {
  it(
    'shows a critical flag raised from a phone first on the open board, counts and announces it once, and drops it once acknowledged',
    { timeout: 180_000 },
    async () => {
      const base = product.url;
      const manager = await signedIn(browser, PRIYA, undefined, base);
      expect(new URL(manager.page.url()).pathname).toBe('/board');
      const board = manager.page;
      await board.getByTestId('board-flags').waitFor();
      await expect.poll(() => board.getByTestId('connection-state').innerText()).toMatch(/Live/);
      // The demo's flags nobody has acknowledged yet are there from the start, and counted in the menu.
      await expect.poll(() => board.getByTestId('board-flag').count()).toBeGreaterThan(0);
      const before = await board.getByTestId('board-flag').count();
      await expect.poll(() => navCount(board)).toBe(before);
      const said = await recordAnnouncements(board);

      // The supervisor raises the concern from Ruby's session, on a phone.
      const kwame = await signedIn(browser, KWAME, PHONE, base);
      const { mySessions } = await api<{
        mySessions: { id: string; child: { id: string; firstName: string }; room: { name: string } }[];
      }>(kwame.page, '{ mySessions { id child { id firstName } room { name } } }');
      const session = mySessions.find((s) => s.child.firstName === 'Ruby')!;
      const ruby = kwame.page.getByTestId('session-Ruby');
      await ruby.getByText('Raise a safeguarding flag').click();
      const form = ruby.locator('form').filter({ has: kwame.page.getByLabel('Category') });
      await form.getByLabel('Category').waitFor();
      // Stacked, every target a thumb's width, nothing wider than the screen, and every label shown.
      const layout = await form.evaluate((f) => {
        const box = (e: Element) => e.getBoundingClientRect();
        const targets = [
          ...f.querySelectorAll('select, textarea, button[type="submit"], label.sev, input[type="radio"]'),
        ]
          .filter((e) => e.matches(':not(input)'))
          .map((e) => ({ what: e.tagName + (e.textContent?.trim().slice(0, 12) ?? ''), h: box(e).height }));
        const fields = [...f.querySelectorAll('select, fieldset, textarea')].map((e) => box(e));
        return {
          targets,
          stacked: fields.every((b, i) => i === 0 || b.top >= fields[i - 1]!.bottom),
          widest: Math.max(...[...f.querySelectorAll('*')].map((e) => box(e).right)),
          pageWidth: document.documentElement.scrollWidth,
          labels: [...f.querySelectorAll('label, legend')].every(
            (l) => box(l).width > 0 && box(l).height > 0,
          ),
        };
      });
      for (const t of layout.targets) expect(t.h, t.what).toBeGreaterThanOrEqual(44);
      expect(layout.stacked).toBe(true);
      expect(layout.widest).toBeLessThanOrEqual(PHONE.width);
      expect(layout.pageWidth).toBeLessThanOrEqual(PHONE.width);
      expect(layout.labels).toBe(true);

      const what = `A man said he was Ruby's uncle and tried to lead her out of the building (${Date.now()}).`;
      await form.getByLabel('Category').selectOption({ label: 'Attempted abduction' });
      await form.getByRole('radio', { name: /Critical/ }).check();
      await form.getByLabel('What happened (facts and direct quotes)').fill(what);
      await screenshot(kwame.page, 'raise-flag-phone-375');
      expect(await seriousViolations(kwame.page)).toEqual([]);
      await form.getByRole('button', { name: 'Raise flag' }).click();
      const receipt = form.getByTestId('flag-receipt');
      await receipt.waitFor();
      // Sent, but nobody has it until someone acknowledges it.
      expect(await receipt.innerText()).toMatch(
        /^Flag raised at \d\d:\d\d and sent to Ruby W\.'s social worker and the centre manager; not yet acknowledged\. It must be acknowledged by \d\d:\d\d\.$/,
      );
      expect(await receipt.innerText()).not.toMatch(/has it/);
      expect(await kwame.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
        true,
      );

      // The open board shows it first, counts it, and announces it.
      const first = board.getByTestId('board-flag').first();
      await expect.poll(() => first.innerText(), { timeout: 15_000 }).toMatch(/Critical/);
      const text = await first.innerText();
      expect(text).toMatch(/Attempted abduction/);
      expect(text).toMatch(/Ruby W\./);
      expect(text).toMatch(/Raised (just now|\d+ s ago) by Kwame Mensah/);
      const room = session.room.name;
      expect(text).toContain(room);
      expect(await board.getByTestId('board-flag').count()).toBe(before + 1);
      await expect.poll(() => navCount(board)).toBe(before + 1);
      await expect.poll(() => said()).toEqual([`Critical flag: Attempted abduction, Ruby W., ${room}.`]);
      const announcer = board.getByTestId('board-flag-announcer');
      expect(await announcer.getAttribute('aria-live')).toBe('assertive');

      // Nothing new for a while: no live region says anything more, and no clock is read out.
      const quiet = await liveRegions(board);
      await board.waitForTimeout(5_000);
      expect(await liveRegions(board)).toEqual(quiet);
      expect(await said()).toHaveLength(1);
      expect(quiet.join(' ')).not.toMatch(/last update/);

      // Two high flags, one raised outside any session, arrive too, after the critical one and each announced once.
      for (const sessionId of [session.id, null]) {
        await api(kwame.page, RAISE, {
          input: {
            childId: session.child.id,
            sessionId,
            category: 'DISCLOSURE',
            severity: 'HIGH',
            description: `Ruby said she was told to keep a secret (${sessionId ? 'in the session' : 'at the door'}).`,
          },
        });
      }
      await expect.poll(() => board.getByTestId('board-flag').count(), { timeout: 15_000 }).toBe(before + 3);
      await expect.poll(() => navCount(board)).toBe(before + 3);
      const texts = await board.getByTestId('board-flag').allInnerTexts();
      expect(texts[0]).toMatch(/Critical/);
      expect(texts.filter((t) => /High/.test(t) && /Ruby W\./.test(t))).toHaveLength(2);
      expect(texts.some((t) => /outside a session/.test(t))).toBe(true);
      await expect
        .poll(async () => (await said()).join(' '))
        .toMatch(/High flag: Disclosure by the child, Ruby W\./);
      const spoken = await said();
      expect(spoken.filter((t) => t.includes('Critical'))).toHaveLength(1);
      expect(spoken.join(' ').match(/High flag/g)).toHaveLength(2);
      await screenshot(board, 'board-flags-1280');
      expect(await seriousViolations(board)).toEqual([]);

      // Acknowledged on the board: it leaves the list and the count, and the supervisor is told who and when.
      await first.getByRole('button', { name: 'Acknowledge…' }).click();
      await first.getByLabel('What you will do about it (optional)').fill('Calling the police now.');
      await first.getByRole('button', { name: 'Acknowledge', exact: true }).click();
      await expect.poll(() => board.getByTestId('board-flag').count(), { timeout: 15_000 }).toBe(before + 2);
      expect(await board.getByTestId('board-flag').first().innerText()).not.toMatch(/Critical/);
      await expect.poll(() => navCount(board)).toBe(before + 2);
      await expect
        .poll(() => receipt.innerText(), { timeout: 40_000 })
        .toMatch(/Acknowledged by Priya Shah \(Centre manager\) at \d\d:\d\d\.$/);
      expect(await said()).toEqual(spoken);

      await kwame.context.close();
      await manager.context.close();
    },
  );

  it('shows the connection badge only on a page with live data of its own', async () => {
    const admin = await signedIn(browser, LEE, undefined, product.url);
    await admin.page.goto(`${product.url}/admin/centres`);
    await admin.page.getByRole('heading', { level: 1 }).waitFor();
    await admin.page.waitForTimeout(1_000);
    expect(await admin.page.getByTestId('connection-state').count()).toBe(0);
    expect(await admin.page.getByTestId('nav-flag-count').count()).toBe(0);
    await admin.context.close();

    // A social worker's menu counts their caseload's waiting flags on every page; the records page itself has no
    // live data, so it shows no badge, and their caseload, which has, says it is live.
    const sw = await signedIn(browser, AISHA, undefined, product.url);
    await sw.page.goto(`${product.url}/children`);
    await sw.page.getByRole('heading', { level: 1 }).waitFor();
    await expect.poll(() => navCount(sw.page)).toBeGreaterThan(0);
    expect(await sw.page.getByTestId('connection-state').count()).toBe(0);
    await sw.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /Caseload/ })
      .click();
    await expect.poll(() => sw.page.getByTestId('connection-state').innerText()).toMatch(/Live/);
    await sw.context.close();
  });
});
