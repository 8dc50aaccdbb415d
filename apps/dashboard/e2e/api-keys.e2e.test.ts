import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './axe';
import { api, launch, productUrl, screenshot, signedIn } from './browser';

/**
 * docs/sign-in.md in the real product: the council's admin makes an API key for the case system's connector, sees
 * its secret once, the connector reads with it and is refused a write, the admin gives its client a second key and
 * revokes the first, which is refused from the next request while the second goes on working. The secret is
 * nowhere in the page once its dialog has closed: not in the document, the tab's storage, nor the page's memory.
 */

const ADMIN = 'lee.turner@coxford.example';
const KEY = 'Case system sync';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** What a connector does: one request to the API with the key, from outside the browser. */
async function asConnector(secret: string, query: string, variables: Record<string, unknown> = {}) {
  const r = await fetch(`${productUrl()}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await r.json()) as Answer;
}

const READ = 'query { myCentres { id name } }';
const WRITE = `mutation($c: ChildInput!) { saveChild(input: $c) { id } }`;
const CHILD = { externalId: 'KEY-E2E-1', firstName: 'Rowan', lastName: 'Keys', dateOfBirth: '2018-03-01' };

/** Every place in the page a secret could stay: the document, form fields, the tab's storage, the JS heap. */
async function pageHolds(page: Page, secret: string): Promise<string[]> {
  const found: string[] = [];
  if ((await page.content()).includes(secret)) found.push('document');
  // Read out to the test and searched here: a secret sent into the page to search with would itself stay there.
  const kept = await page.evaluate(() => {
    const storage = [sessionStorage, localStorage].flatMap((store) =>
      Array.from({ length: store.length }, (_, i) => store.getItem(store.key(i)!) ?? ''),
    );
    const fields = [...document.querySelectorAll('input, textarea')].map(
      (el) => (el as HTMLInputElement).value,
    );
    return { storage, fields };
  });
  if (kept.fields.some((v) => v.includes(secret))) found.push('form field');
  if (kept.storage.some((v) => v.includes(secret))) found.push('storage');
  const cdp = await page.context().newCDPSession(page);
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(e.chunk));
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  // The snapshot does not show what a form field holds natively: ask every field still alive, in the document or
  // not (another script may keep an element it saw, as the API explorer's focus tracking does).
  const proto = await cdp.send('Runtime.evaluate', { expression: 'HTMLInputElement.prototype' });
  const all = await cdp.send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId! });
  const values = await cdp.send('Runtime.callFunctionOn', {
    objectId: all.objects.objectId!,
    functionDeclaration: 'function () { return this.map((el) => el.value); }',
    returnByValue: true,
  });
  await cdp.detach();
  if ((values.result.value as string[]).some((v) => v.includes(secret))) found.push('a field, even detached');
  // The snapshot's strings include every string alive in the page's JavaScript: Apollo's cache, Vue's state.
  if (chunks.join('').includes(secret.slice(3))) found.push('memory');
  return found;
}

async function makeKey(page: Page, name: string, scopes: string[], client?: string) {
  await page.getByRole('button', { name: 'Make an API key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Make an API key' });
  await dialog.getByLabel(/^Name/).fill(name);
  for (const label of ['Read records', 'Write records', 'Read carers’ identity and address']) {
    await dialog.getByLabel(label).setChecked(scopes.includes(label));
  }
  if (client) await dialog.getByLabel('Acts as').selectOption({ label: `${client} (a second key)` });
  await dialog.getByRole('button', { name: 'Make the key' }).click();
  const shown = page.getByRole('dialog', { name: 'Your new API key' });
  const field = shown.getByLabel(`Secret of “${name}”`);
  await field.waitFor();
  return { shown, field, secret: await field.inputValue() };
}

describe('API keys for machine clients', () => {
  it('the admin makes a read key, sees it once, the connector reads but cannot write, and revoking ends it', async () => {
    const { context, page } = await signedIn(browser, ADMIN);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: productUrl() });
    await page.getByRole('navigation').getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();

    // What is missing is said before anything is sent; the carers scope says what it exposes.
    await page.getByRole('button', { name: 'Make an API key' }).click();
    let dialog = page.getByRole('dialog', { name: 'Make an API key' });
    expect(await dialog.getByLabel('Read records').isChecked()).toBe(true);
    const carers = dialog.getByLabel('Read carers’ identity and address');
    expect(await carers.getAttribute('aria-describedby')).toBeTruthy();
    expect(await dialog.innerText()).toMatch(/Carers’ names and addresses are protected/);
    await dialog.getByRole('button', { name: 'Make the key' }).click();
    expect(await dialog.getByRole('alert').innerText()).toBe('Name the key: what is it for?');
    await dialog.getByLabel(/^Name/).fill(KEY);
    await dialog.getByLabel('Read records').uncheck();
    await dialog.getByRole('button', { name: 'Make the key' }).click();
    expect(await dialog.getByRole('alert').innerText()).toBe('Choose at least one thing the key may do.');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Made with read only: the secret is shown once, focused, with the warning, and can be copied.
    const { shown, field, secret } = await makeKey(page, KEY, ['Read records']);
    expect(secret).toMatch(/^kr_[A-Za-z0-9_-]{43}$/);
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await field.getAttribute('readonly')).not.toBeNull();
    expect(await shown.innerText()).toMatch(/It will not be shown again/);
    await shown.getByRole('button', { name: 'Copy the secret' }).click();
    await shown
      .getByRole('status')
      .getByText(/^Copied/)
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'api-key-secret');
    await shown.getByRole('button', { name: 'I have stored it' }).click();
    await shown.waitFor({ state: 'detached' });
    expect(await page.getByTestId('keys-message').innerText()).toBe(`Key “${KEY}” made; it acts as ${KEY}.`);
    const row = page.locator(`[data-key="${KEY}"]`);
    const rowText = await row.innerText();
    expect(rowText).toContain('Read records');
    expect(rowText).not.toContain('Write records');
    expect(rowText).toContain(`${secret.slice(0, 9)}…`);
    expect(rowText).toMatch(/Never\s+Works/);

    // Once closed, nothing in the page holds the secret; the clipboard does, as the admin asked.
    expect(await pageHolds(page, secret)).toEqual([]);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

    // The connector reads with it, and is refused a write in words.
    const read = await asConnector(secret, READ);
    expect(read.errors).toBeUndefined();
    expect((read.data!.myCentres as unknown[]).length).toBeGreaterThan(0);
    const write = await asConnector(secret, WRITE, { c: CHILD });
    expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(write.errors?.[0]?.message).toBe('This API key may not write records.');

    // A second key for the same client, to replace the first without a gap.
    const second = await makeKey(page, `${KEY} 2`, ['Read records', 'Write records'], KEY);
    await second.shown.getByRole('button', { name: 'I have stored it' }).click();
    await second.shown.waitFor({ state: 'detached' });
    const secondRow = page.locator(`[data-key="${KEY} 2"]`);
    expect(await secondRow.innerText()).toMatch(new RegExp(`${KEY}\\s+Read records, Write records`));

    // Revoking says it stops at once, connections included; the next request is refused, the other key works.
    await row.getByRole('button', { name: `Revoke ${KEY}` }).click();
    dialog = page.getByRole('dialog', { name: `Revoke “${KEY}”?` });
    const warning = await dialog.innerText();
    expect(warning).toMatch(/stops working at once/);
    expect(warning).toMatch(/connections open with it now are closed/);
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Revoke now' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByTestId('keys-message').innerText()).toBe(
      `Key “${KEY}” is revoked: it no longer works.`,
    );
    expect(await row.innerText()).toMatch(/\tRevoked \w{3} \d{1,2} \w{3} \d{4}, \d\d:\d\d by Lee Turner/);
    expect(await row.innerText()).toMatch(/\d\d:\d\d\s+by Lee Turner\t/);
    expect(await row.getByRole('button', { name: `Revoke ${KEY}` }).count()).toBe(0);
    // The read above was its last use.
    expect(await row.innerText()).not.toMatch(/Never/);

    const after = await asConnector(secret, READ);
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(after.data ?? null).toBeNull();
    expect((await asConnector(second.secret, READ)).errors).toBeUndefined();

    expect(await pageHolds(page, second.secret)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'api-keys');
    // Nothing runs off the side at tablet width.
    await page.setViewportSize({ width: 768, height: 1024 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(
      true,
    );
    await screenshot(page, 'api-keys-768');
    await page.setViewportSize({ width: 1280, height: 800 });

    // The API's refusal, in its words: the client was deactivated while the admin was choosing it.
    await page.getByRole('button', { name: 'Make an API key' }).click();
    dialog = page.getByRole('dialog', { name: 'Make an API key' });
    await dialog.getByLabel(/^Name/).fill(`${KEY} 3`);
    await dialog.getByLabel('Acts as').selectOption({ label: `${KEY} (a second key)` });
    const { apiKeys } = await api<{ apiKeys: { name: string; client: { id: string } }[] }>(
      page,
      'query { apiKeys { name client { id } } }',
    );
    const clientId = apiKeys.find((k) => k.name === KEY)!.client.id;
    await api(page, 'mutation($id: ID!) { deactivateStaff(id: $id) { id } }', { id: clientId });
    await dialog.getByRole('button', { name: 'Make the key' }).click();
    expect(await dialog.getByRole('alert').innerText()).toBe(
      'An API key acts as an active machine client (role integrator).',
    );
    expect(await dialog.getByLabel(/^Name/).inputValue()).toBe(`${KEY} 3`);
    await context.close();
  });
});
