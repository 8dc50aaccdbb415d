import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';

/** Debian's Chromium; Kinroom's tests never download a browser of their own. */
export const CHROMIUM = process.env.KINROOM_CHROMIUM ?? '/usr/bin/chromium';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export function productUrl(): string {
  return inject('productUrl');
}

/** A browser context signed in as a demo user through the real sign-in page. */
export async function signedIn(
  browser: Browser,
  email: string,
  viewport = { width: 1280, height: 800 },
  /** The product to sign in to: the run's shared one, unless a test started one of its own. */
  base = productUrl(),
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, timezoneId: 'Europe/London', locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${base}/sign-in`);
  await page.getByTestId(`sign-in-${email}`).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  return { context, page };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true });
}

/** Calls the real API from a signed-in page, as whoever is signed in there, with the token the sign-in page stored. */
export async function api<T>(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await page.evaluate(
    async ({ query, variables }) => {
      const s = JSON.parse(sessionStorage.getItem('kinroom.session') ?? '{}') as { token?: string };
      const r = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
        body: JSON.stringify({ query, variables }),
      });
      return r.json() as Promise<{ data?: unknown; errors?: unknown[] }>;
    },
    { query, variables },
  );
  if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

/** The London calendar day `offsetDays` from now, as YYYY-MM-DD. */
export const londonDay = (offsetDays: number): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
    new Date(Date.now() + offsetDays * 24 * 3600_000),
  );
