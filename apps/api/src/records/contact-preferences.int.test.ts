import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type GqlResult, type TestApi } from '../../test/api.js';

/**
 * What messages need of the people they go to, edited where those records are edited (docs/notifications.md,
 * "Contact preferences"): a family member's and a carer's preferred channel and "do not contact" (with its reason),
 * a carer's email, a staff member's UK mobile, and the council's Welsh setting. Bad input is refused with
 * BAD_USER_INPUT naming the field, and nothing is saved.
 */

let api: TestApi;
let sw: string;
let admin: string;
let manager: string;
let parentId: string;
let carerId: string;

const q = async (sql: string, params: unknown[] = []) => (await api.db.sql(sql, params)).rows;
const refusal = (r: GqlResult) => ({
  code: r.errors?.[0]?.extensions?.code,
  field: r.errors?.[0]?.extensions?.field,
});

const SAVE_FAMILY = `mutation($input: FamilyMemberInput!) { saveFamilyMember(input: $input) {
  id contactBy doNotContact doNotContactReason } }`;
const SAVE_CARER = `mutation($input: CarerInput!) { saveCarer(input: $input) {
  id email contactBy doNotContact doNotContactReason } }`;
const UPDATE_STAFF = `mutation($id: ID!, $input: UpdateStaffInput!) { updateStaff(id: $id, input: $input) { id mobile } }`;

beforeAll(async () => {
  api = await startTestApi();
  sw = await api.tokenFor(DEMO.socialWorker1);
  admin = await api.tokenFor(DEMO.admin);
  manager = await api.tokenFor(DEMO.manager);
  const [maisie] = await q(
    `select c.carer_id, l.family_member_id from child c join child_family_member l on l.child_id = c.id
      where c.first_name = 'Maisie'`,
  );
  parentId = maisie.family_member_id;
  carerId = maisie.carer_id;
});
afterAll(() => api?.close());

async function family(extra: Record<string, unknown>) {
  const [p] = await q(`select first_name, last_name from family_member where id = $1`, [parentId]);
  return api.gql<{ saveFamilyMember: Record<string, unknown> }>(sw, SAVE_FAMILY, {
    input: { id: parentId, firstName: p.first_name, lastName: p.last_name, ...extra },
  });
}
async function carer(extra: Record<string, unknown>) {
  const [c] = await q(`select name, address from carer where id = $1`, [carerId]);
  return api.gql<{ saveCarer: Record<string, unknown> }>(sw, SAVE_CARER, {
    input: { id: carerId, name: c.name, address: c.address, ...extra },
  });
}

describe('a family member’s contact preferences', () => {
  it('saves a preferred channel and “do not contact” with its reason, in the change log', async () => {
    const r = await family({
      contactBy: 'TEXT_MESSAGE',
      doNotContact: true,
      doNotContactReason: 'Court order.',
    });
    expect(r.errors).toBeUndefined();
    expect(r.data!.saveFamilyMember).toMatchObject({
      contactBy: 'TEXT_MESSAGE',
      doNotContact: true,
      doNotContactReason: 'Court order.',
    });
    const [row] = await q(`select contact_by, do_not_contact from family_member where id = $1`, [parentId]);
    expect(row).toEqual({ contact_by: 'sms', do_not_contact: true });
    const [log] = await q(
      `select changes from change_log where record_type = 'family_member' and record_id = $1 order by at desc limit 1`,
      [parentId],
    );
    expect(log.changes.doNotContact).toEqual([false, true]);
  });

  it('refuses “do not contact” without a reason, and saves nothing', async () => {
    await family({ doNotContact: false });
    const r = await family({ contactBy: 'LETTER', doNotContact: true, doNotContactReason: '  ' });
    expect(refusal(r)).toEqual({ code: 'BAD_USER_INPUT', field: 'doNotContactReason' });
    const [row] = await q(`select contact_by, do_not_contact from family_member where id = $1`, [parentId]);
    expect(row.do_not_contact).toBe(false);
    expect(row.contact_by).toBe('sms');
  });

  it('clears the reason when “do not contact” is lifted', async () => {
    await family({ doNotContact: true, doNotContactReason: 'Asked not to be contacted.' });
    const r = await family({ doNotContact: false });
    expect(r.data!.saveFamilyMember).toMatchObject({ doNotContact: false, doNotContactReason: null });
  });
});

describe('a carer’s email and contact preferences', () => {
  it('saves an email and a preferred channel', async () => {
    const r = await carer({ email: 'fieldings@example.org', contactBy: 'EMAIL' });
    expect(r.errors).toBeUndefined();
    expect(r.data!.saveCarer).toMatchObject({ email: 'fieldings@example.org', contactBy: 'EMAIL' });
  });

  it('refuses an email that is not an email, and a letter, and saves nothing', async () => {
    expect(refusal(await carer({ email: 'fieldings at example' }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'email',
    });
    expect(refusal(await carer({ contactBy: 'LETTER' }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'contactBy',
    });
    const [row] = await q(`select email, contact_by from carer where id = $1`, [carerId]);
    expect(row).toEqual({ email: 'fieldings@example.org', contact_by: 'email' });
  });

  it('is never given to a centre manager, who sees the carer’s name and telephone only', async () => {
    const r = await api.gql(manager, `query($id: ID!) { carerDetails(id: $id) { email } }`, { id: carerId });
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(refusal(r).code);
    expect(JSON.stringify(r)).not.toContain('fieldings@example.org');
  });
});

describe('a staff member’s mobile', () => {
  let staffId: string;
  beforeAll(async () => {
    const [u] = await q(`select id from staff_user where email = $1`, [DEMO.manager]);
    staffId = u.id;
  });

  it('takes a UK mobile number and removes it when emptied', async () => {
    const r = await api.gql<{ updateStaff: { mobile: string } }>(admin, UPDATE_STAFF, {
      id: staffId,
      input: { mobile: '07700 900123' },
    });
    expect(r.errors).toBeUndefined();
    expect(r.data!.updateStaff.mobile).toBe('07700 900123');
    const cleared = await api.gql<{ updateStaff: { mobile: string | null } }>(admin, UPDATE_STAFF, {
      id: staffId,
      input: { mobile: '' },
    });
    expect(cleared.data!.updateStaff.mobile).toBeNull();
  });

  it('refuses a number that is not a UK mobile, and changes nothing', async () => {
    await api.gql(admin, UPDATE_STAFF, { id: staffId, input: { mobile: '+44 7700 900456' } });
    for (const bad of ['01632 960123', '+1 202 555 0100', 'call the office']) {
      const r = await api.gql(admin, UPDATE_STAFF, {
        id: staffId,
        input: { mobile: bad, name: 'Someone Else' },
      });
      expect(refusal(r), bad).toEqual({ code: 'BAD_USER_INPUT', field: 'mobile' });
    }
    const [row] = await q(`select mobile, name from staff_user where id = $1`, [staffId]);
    expect(row).toEqual({ mobile: '+44 7700 900456', name: 'Priya Shah' });
  });
});

describe('the council’s languages for messages', () => {
  const SET = `mutation($l: MessageLanguages!) { setMessageLanguages(languages: $l) { messageLanguages } }`;

  it('is set by an admin, in the change log, and read back', async () => {
    const r = await api.gql<{ setMessageLanguages: { messageLanguages: string } }>(admin, SET, {
      l: 'WELSH_AND_ENGLISH',
    });
    expect(r.errors).toBeUndefined();
    expect(r.data!.setMessageLanguages.messageLanguages).toBe('WELSH_AND_ENGLISH');
    const read = await api.gql<{ councilMessaging: { messageLanguages: string } }>(
      admin,
      `{ councilMessaging { messageLanguages } }`,
    );
    expect(read.data!.councilMessaging.messageLanguages).toBe('WELSH_AND_ENGLISH');
    const [log] = await q(
      `select changes from change_log where record_type = 'council' order by at desc limit 1`,
    );
    expect(log.changes.messageLanguages).toEqual(['en', 'cy_en']);
    await api.gql(admin, SET, { l: 'ENGLISH' });
  });

  it('is the admins’ alone', async () => {
    for (const token of [manager, sw]) {
      expect(refusal(await api.gql(token, SET, { l: 'WELSH_AND_ENGLISH' })).code).toBe('FORBIDDEN');
    }
    const [council] = await q(
      `select message_languages from council where id = (select council_id from staff_user where email = $1)`,
      [DEMO.admin],
    );
    expect(council.message_languages).toBe('en');
  });
});
