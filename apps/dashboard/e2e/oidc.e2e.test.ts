import { createServer } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcProvider, type OidcProvider } from '../../api/test/oidc';
import { seriousViolations } from './axe';
import { launch, screenshot } from './browser';
import { startProduct, type Product } from './product';

/**
 * Signing in through the council's identity provider, in Chromium: a real OpenID Connect provider process
 * (apps/api/test/oidc-provider.ts) and the product configured to use it, as a council would configure it.
 */

let browser: Browser;
let provider: OidcProvider;
let product: Product;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider({
    redirectUris: [`${url}/signed-in`],
    postLogoutRedirectUris: [`${url}/sign-in`],
    accounts: [
      // The demo centre manager, invited by email: the first sign-in binds the provider's subject to her account.
      { sub: 'entra-priya', email: 'priya.shah@coxford.example', email_verified: true, name: 'Priya Shah' },
      {
        sub: 'entra-stranger',
        email: 'stranger@coxford.example',
        email_verified: true,
        name: 'Sam Stranger',
      },
    ],
  });
  product = await startProduct({
    env: {
      PORT: String(port),
      KINROOM_OIDC_ISSUER: provider.issuer,
      KINROOM_OIDC_CLIENT_ID: provider.clientId,
    },
  });
  browser = await launch();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await product?.stop();
  await provider?.stop();
});

/** From Kinroom's sign-in page through the provider's login form, as `login` (a subject or an email). */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.goto(`${product.url}/sign-in`);
  await page.getByRole('button', { name: 'Sign in with your council account' }).click();
  await page.waitForURL((u) => u.origin === new URL(provider.issuer).origin);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
}

describe('signing in with the council account', () => {
  it('signs the manager in through the provider, lands on the board, and signs out everywhere', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${product.url}/sign-in`);
    await page.getByRole('button', { name: 'Sign in with your council account' }).waitFor();
    await screenshot(page, 'sign-in-oidc');
    expect(await seriousViolations(page)).toEqual([]);

    await signInAtProvider(page, 'priya.shah@coxford.example');
    await page.waitForURL(`${product.url}/board`);
    await expect.poll(() => page.getByTestId('signed-in-as').innerText()).toMatch(/Priya Shah/);
    // The code is spent: the address does not keep it.
    const token = await page.evaluate(
      () => (JSON.parse(sessionStorage.getItem('kinroom.session') ?? '{}') as { token?: string }).token,
    );
    expect(token).toBeTruthy();

    await page.getByRole('button', { name: 'Sign out' }).click();
    // Signed out at the provider too, and back on Kinroom's sign-in page.
    await page.waitForURL(`${product.url}/sign-in`);
    await page.getByRole('button', { name: 'Sign in with your council account' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('kinroom.session'))).toBeNull();
    // The token from before is refused by the API.
    const refused = await page.evaluate(async (t) => {
      const r = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` },
        body: JSON.stringify({ query: '{ me { id } }' }),
      });
      return ((await r.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions
        ?.code;
    }, token);
    expect(refused).toBe('UNAUTHENTICATED');

    // The provider's session ended too: signing in again asks for the login once more.
    await signInAtProvider(page, 'entra-priya');
    await page.waitForURL(`${product.url}/board`);
    await context.close();
  });

  it('tells someone the provider knows but Kinroom does not who they signed in as, and what to give the admin', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signInAtProvider(page, 'stranger@coxford.example');
    await page.waitForURL(`${product.url}/signed-in`);
    await page.getByRole('heading', { name: 'Signed in, but no Kinroom account yet' }).waitFor();
    expect(await page.getByTestId('no-account').innerText()).toMatch(/stranger@coxford\.example/);
    expect(await page.getByTestId('no-account-subject').innerText()).toBe('entra-stranger');
    await screenshot(page, 'sign-in-no-account');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => sessionStorage.getItem('kinroom.session'))).toBeNull();
    await page.getByRole('link', { name: /go back/ }).click();
    await page.waitForURL(`${product.url}/sign-in`);
    await context.close();
  });

  it('sends someone whose session the API no longer accepts to the sign-in page, saying it expired', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signInAtProvider(page, 'entra-priya');
    await page.waitForURL(`${product.url}/board`);
    // Signed out from elsewhere (another tab, or the API's own client): this tab's token is refused.
    await page.evaluate(async () => {
      const s = JSON.parse(sessionStorage.getItem('kinroom.session') ?? '{}') as { token?: string };
      await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
        body: JSON.stringify({ query: 'mutation { signOut }' }),
      });
    });
    // Its live connection is closed and its next request refused: either way, it is taken to the sign-in page.
    await page.waitForURL(/\/sign-in\?next=%2Fboard|\/sign-in\?next=\/board/, { timeout: 15_000 });
    await page.getByTestId('sign-in-expired').waitFor();
    expect(await page.getByTestId('sign-in-expired').innerText()).toMatch(/Your sign-in has expired/);
    // Still said after a reload; signing in again lands where they were.
    await page.reload();
    await page.getByTestId('sign-in-expired').waitFor();
    await page.getByRole('button', { name: 'Sign in with your council account' }).click();
    await page.waitForURL(`${product.url}/board`);
    expect(await page.getByTestId('sign-in-expired').count()).toBe(0);
    await context.close();
  });
});
