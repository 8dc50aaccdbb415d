import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from './axe';
import { launch, productUrl, screenshot } from './browser';

const INTEGRATOR = 'case-system@coxford.example';
const ADMIN = 'lee.turner@coxford.example';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

interface Offline {
  context: BrowserContext;
  page: Page;
  /** Every request, WebSocket or worker that tried to leave this machine. */
  outside: string[];
  /** Every request made, for checking what was sent. */
  requests: { url: string; auth: string | null; body: string | null }[];
  /** What the browser refused under the server's content security policy. */
  refused: string[];
}

const isLocal = (url: string) => {
  const u = new URL(url);
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
  return u.hostname === '127.0.0.1' || u.hostname === 'localhost';
};

/**
 * A context signed in through the real sign-in page, in which anything bound for another host is refused and
 * recorded, as if the machine had no internet.
 */
async function offlineSignedIn(email: string, viewport = { width: 1280, height: 800 }): Promise<Offline> {
  const context = await browser.newContext({ viewport, timezoneId: 'Europe/London', locale: 'en-GB' });
  const outside: string[] = [];
  const requests: Offline['requests'] = [];
  await context.route('**/*', async (route) => {
    const req = route.request();
    requests.push({
      url: req.url(),
      auth: (await req.allHeaders()).authorization ?? null,
      body: req.postData(),
    });
    if (isLocal(req.url())) return route.continue();
    outside.push(req.url());
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  const refused: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
  });
  page.on('websocket', (ws) => {
    if (!isLocal(ws.url())) outside.push(ws.url());
  });
  page.on('worker', (w) => {
    if (!isLocal(w.url())) outside.push(w.url());
  });
  await page.goto(`${productUrl()}/sign-in`);
  await page.getByTestId(`sign-in-${email}`).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  return { context, page, outside, requests, refused };
}

async function runQuery(page: Page, query: string): Promise<string> {
  await page.evaluate((q) => {
    const el = document.querySelector('.graphiql-query-editor .CodeMirror') as
      (Element & { CodeMirror: { setValue(v: string): void } }) | null;
    el!.CodeMirror.setValue(q);
  }, query);
  // GraphiQL works out the operation to run from the editor after a short debounce.
  await page.waitForTimeout(400);
  await page.getByRole('button', { name: /Execute query/ }).click();
  const response = page.locator('.graphiql-response .CodeMirror');
  await expect.poll(() => response.innerText(), { timeout: 10_000 }).toMatch(/"data"|"errors"/);
  return response.innerText();
}

describe('API explorer', () => {
  it('runs a query with the integrator’s token and makes no request outside this server', async () => {
    const o = await offlineSignedIn(INTEGRATOR);
    expect(new URL(o.page.url()).pathname).toBe('/explorer');
    await o.page.locator('.graphiql-container').waitFor();
    await o.page.locator('.graphiql-query-editor .CodeMirror').waitFor();

    // The default query: who the token belongs to.
    await o.page.getByRole('button', { name: /Execute query/ }).click();
    const response = o.page.locator('.graphiql-response .CodeMirror');
    await expect.poll(() => response.innerText(), { timeout: 10_000 }).toContain('Case system link');
    expect(await response.innerText()).toContain('INTEGRATOR');
    const sent = o.requests.filter((r) => r.url.endsWith('/graphql') && r.body?.includes('WhoAmI'));
    expect(sent.length).toBeGreaterThan(0);
    for (const r of sent) expect(r.auth).toMatch(/^Bearer .+/);

    // A query of the integrator's own: the council's centres and rooms.
    const rooms = await runQuery(o.page, '{ myCentres { name rooms { name } } }');
    expect(rooms).toContain('Coxford Road Family Contact Centre');
    expect(rooms).toContain('Willow');

    // The docs come from the server by introspection, which a development instance allows; the bundle has none.
    expect(o.requests.some((r) => r.url.endsWith('/graphql') && r.body?.includes('IntrospectionQuery'))).toBe(
      true,
    );
    await o.page.getByRole('button', { name: /Show Documentation Explorer/ }).click();
    await o.page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().waitFor();
    // GraphiQL, its editors and its fonts all work under the server's content security policy.
    expect(o.refused).toEqual([]);

    await screenshot(o.page, 'explorer-1280');
    expect(await seriousViolations(o.page)).toEqual([]);
    expect(o.outside).toEqual([]);
    await o.context.close();
  });

  it('fits a 768px tablet and passes the accessibility scan there', async () => {
    const o = await offlineSignedIn(INTEGRATOR, { width: 768, height: 1024 });
    await o.page.locator('.graphiql-query-editor .CodeMirror').waitFor();
    await o.page.getByRole('button', { name: /Execute query/ }).click();
    await expect
      .poll(() => o.page.locator('.graphiql-response .CodeMirror').innerText(), { timeout: 10_000 })
      .toContain('Case system link');
    await screenshot(o.page, 'explorer-768');
    expect(await seriousViolations(o.page)).toEqual([]);
    expect(o.outside).toEqual([]);
    await o.context.close();
  });

  it('answers as the admin too (whose start page is the council’s set-up)', async () => {
    const o = await offlineSignedIn(ADMIN);
    expect(new URL(o.page.url()).pathname).toBe('/admin/centres');
    await o.page.getByRole('navigation').getByRole('link', { name: 'API explorer' }).click();
    await o.page.waitForURL((u) => u.pathname === '/explorer');
    await o.page.locator('.graphiql-query-editor .CodeMirror').waitFor();
    expect(await runQuery(o.page, '{ me { name role } }')).toContain('Lee Turner');
    expect(o.outside).toEqual([]);
    await o.context.close();
  });

  it('keeps React and GraphiQL out of the first page load, which stays under 250 KB of gzipped JavaScript', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const scripts: { url: string; gzipped: number }[] = [];
    page.on('response', async (r) => {
      if (r.request().resourceType() !== 'script') return;
      scripts.push({ url: r.url(), gzipped: gzipSync(await r.body()).length });
    });
    await page.goto(`${productUrl()}/sign-in`);
    await page.getByTestId(`sign-in-${INTEGRATOR}`).waitFor();
    await page.waitForLoadState('networkidle');
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((s) => /graphiql|codemirror|explorer/i.test(s.url))).toEqual([]);
    const total = scripts.reduce((n, s) => n + s.gzipped, 0);
    console.info(`first page: ${scripts.length} scripts, ${(total / 1024).toFixed(1)} KB gzipped`);
    expect(total).toBeLessThan(250 * 1024);
    await context.close();
  });

  it('ships no copy of the schema: where introspection is off, nothing in the bundle describes the API', async () => {
    const assets = fileURLToPath(new URL('../dist/assets/', import.meta.url));
    const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
    expect(scripts.some((f) => f.startsWith('FeatureExplorer'))).toBe(true);
    for (const f of scripts) {
      const text = readFileSync(`${assets}${f}`, 'utf8');
      // Descriptions only the schema's SDL holds: of a type the dashboard never asks for, and of the access log.
      expect(text, f).not.toContain('Append-only: nobody can change or delete it.');
      expect(text, f).not.toContain('It reaches the child’s social worker and the centre manager at once');
      expect(text, f).not.toMatch(/type Mutation \{/);
    }
  });

  it('is refused to a social worker', async () => {
    const o = await offlineSignedIn('aisha.khan@coxford.example');
    await o.page.goto(`${productUrl()}/explorer`);
    await o.page.getByTestId('forbidden').waitFor();
    await o.context.close();
  });
});
