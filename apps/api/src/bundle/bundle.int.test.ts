import { addDaysToDateKey, formatLondonDate, londonDateKey } from '@kinroom/domain';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';

let api: TestApi;
let sw: string;
let otherSw: string;
let manager: string;
/** A child of the demo social worker's caseload with sessions, final records and a suspended agreement. */
let childId: string;
let childName: { first: string; last: string };
let from: string;
let to: string;

async function rows(sql: string, params: unknown[] = []) {
  return (await api.db.sql(sql, params)).rows;
}

function bundle(token: string | null, id: string, query: string) {
  return fetch(`${api.url}/api/children/${id}/court-bundle.pdf?${query}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

async function pdfText(body: ArrayBuffer): Promise<{ text: string; pages: string[] }> {
  const parser = new PDFParse({ data: new Uint8Array(body) });
  try {
    const r = await parser.getText();
    return { text: r.text, pages: r.pages.map((p) => p.text) };
  } finally {
    await parser.destroy();
  }
}

beforeAll(async () => {
  api = await startTestApi();
  sw = await api.tokenFor(DEMO.socialWorker1);
  otherSw = await api.tokenFor(DEMO.socialWorker3);
  manager = await api.tokenFor(DEMO.manager);
  // The demo social worker's child with the most final records.
  const [c] = await rows(
    `select c.id, c.first_name, c.last_name from child c
       join child_case k on k.child_id = c.id join staff_user u on u.id = k.social_worker_id
      where u.email = $1 and k.closed_at is null
      order by (select count(*) from observation o where o.child_id = c.id and o.status = 'final') desc, c.id
      limit 1`,
    [DEMO.socialWorker1],
  );
  childId = c.id;
  childName = { first: c.first_name, last: c.last_name };
  const [range] = await rows(
    `select min(starts_at) as first, max(starts_at) as last from session where child_id = $1`,
    [childId],
  );
  from = londonDateKey(new Date(range.first));
  to = londonDateKey(new Date(range.last));
});
afterAll(() => api.close());

describe('the court bundle', () => {
  it('is a PDF of every session in the range, facts apart from opinion, with page numbers and the chain’s check', async () => {
    const res = await bundle(sw, childId, `from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const initials = `${childName.first[0]}${childName.last[0]}`.toUpperCase();
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="court-bundle-${initials}-${from}-to-${to}.pdf"`,
    );
    const body = await res.arrayBuffer();
    expect(Buffer.from(body).subarray(0, 5).toString()).toBe('%PDF-');
    const { text, pages } = await pdfText(body);
    expect(text).toContain(`${childName.first} ${childName.last}`);
    expect(text).toContain('Produced by');
    expect(text).toContain('Aisha');
    // Every session of the range, by its date.
    const sessions = await rows(`select starts_at from session where child_id = $1`, [childId]);
    expect(sessions.length).toBeGreaterThan(1);
    const flat = text.replace(/\s+/g, ' ');
    for (const s of sessions) expect(flat).toContain(formatLondonDate(new Date(s.starts_at)));
    // A final record's facts and opinion, each under its own heading.
    const [record] = await rows(
      `select sections from observation where child_id = $1 and status = 'final' limit 1`,
      [childId],
    );
    expect(record).toBeDefined();
    expect(flat).toMatch(/Facts: /);
    expect(flat).toMatch(/Opinion: /);
    const fact = (record.sections as { facts: string }[]).find((x) => x.facts.length > 10)!.facts;
    expect(flat).toContain(fact.replace(/\s+/g, ' ').slice(0, 40));
    // "Page N of M" on every page.
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((p, i) => expect(p).toContain(`Page ${i + 1} of ${pages.length}`));
    expect(flat).toMatch(/Evidence chain intact: \d+ final records and amendments checked/);
  });

  it('leaves out what is outside the range', async () => {
    const [last] = await rows(
      `select starts_at from session where child_id = $1 order by starts_at desc limit 1`,
      [childId],
    );
    const day = londonDateKey(new Date(last.starts_at));
    const before = addDaysToDateKey(day, -1);
    const res = await bundle(sw, childId, `from=${addDaysToDateKey(before, -400)}&to=${before}`);
    expect(res.status).toBe(200);
    const { text } = await pdfText(await res.arrayBuffer());
    expect(text.replace(/\s+/g, ' ')).not.toContain(formatLondonDate(new Date(last.starts_at)));
  });

  it('writes its production to the access log: who, which child, which range', async () => {
    const res = await bundle(sw, childId, `from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    const [logged] = await rows(
      `select l.reason, l.operation, l.fields, l.role, u.email from access_log l join staff_user u on u.id = l.user_id
        where l.child_id = $1 order by l.id desc limit 1`,
      [childId],
    );
    expect(logged).toMatchObject({
      email: DEMO.socialWorker1,
      role: 'social_worker',
      operation: 'GET court-bundle.pdf',
      reason: `court bundle produced for ${from} to ${to}`,
    });
    expect(logged.fields).toEqual(expect.arrayContaining(['sessions', 'observations', 'evidence_chain']));
  });

  it('refuses another social worker’s child as one that does not exist, and writes nothing', async () => {
    const count = async () => Number((await rows(`select count(*) from access_log`))[0].count);
    const before = await count();
    const theirs = await bundle(otherSw, childId, `from=${from}&to=${to}`);
    const unknown = await bundle(otherSw, '00000000-0000-4000-8000-000000000000', `from=${from}&to=${to}`);
    for (const res of [theirs, unknown]) {
      expect(res.status).toBe(404);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual({
        errors: [{ message: 'No child with that id is visible to you.', extensions: { code: 'NOT_FOUND' } }],
      });
    }
    expect((await bundle(otherSw, 'not-an-id', `from=${from}&to=${to}`)).status).toBe(404);
    expect(await count()).toBe(before);
  });

  it('is the social worker’s to produce: the manager is refused, whatever the child', async () => {
    const res = await bundle(manager, childId, `from=${from}&to=${to}`);
    expect(res.status).toBe(403);
    expect(
      ((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
    ).toBe('FORBIDDEN');
    const anon = await bundle(null, childId, `from=${from}&to=${to}`);
    expect(anon.status).toBe(401);
    expect(
      ((await anon.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
    ).toBe('UNAUTHENTICATED');
  });

  it('answers a bad range with 400 and a stable code, naming the field', async () => {
    for (const [query, field] of [
      ['', 'from'],
      [`from=${from}`, 'to'],
      [`from=2026-02-30&to=2026-03-01`, 'from'],
      [`from=2026-03-01&to=tomorrow`, 'to'],
      [`from=2026-03-02&to=2026-03-01`, 'from'],
      [`from=1900-01-01&to=2026-03-01`, 'to'],
    ] as const) {
      const res = await bundle(sw, childId, query);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as {
        errors: { message: string; extensions: { code: string; field: string } }[];
      };
      expect(body.errors[0]!.extensions, query).toEqual({ code: 'BAD_USER_INPUT', field });
    }
  });
});
