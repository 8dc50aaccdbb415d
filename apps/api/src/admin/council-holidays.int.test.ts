import {
  addDaysToDateKey,
  bankHolidays,
  londonDateKey,
  weekdayOfDateKey,
  type BankHolidayNation,
} from '@kinroom/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type GqlResult, type TestApi } from '../../test/api.js';

const READ = `{ councilBankHolidays { nation upcoming } }`;
const SET = `mutation($n: BankHolidayNation!) { setBankHolidayNation(nation: $n) { nation upcoming } }`;
const PLAN = `query Plan($input: SeriesPatternInput!) {
  planSeries(input: $input) { occurrences { date } skipped { date reason message } }
}`;

interface Plan {
  planSeries: {
    occurrences: { date: string }[];
    skipped: { date: string; reason: string; message: string }[];
  };
}

let api: TestApi;
let admin: string;
let manager: string;
let pattern: { agreementId: string; roomId: string; supervisorId: string };

const code = (r: GqlResult) => r.errors?.[0]?.extensions?.code;
const storedNation = async () =>
  (
    await api.db.sql(
      `select bank_holiday_nation from council where id = (select council_id from staff_user where email = $1)`,
      [DEMO.admin],
    )
  ).rows[0].bank_holiday_nation;

/** The next of a nation's bank holidays at least two weeks ahead for which `matches(month-day, weekday)` holds. */
function next(nation: BankHolidayNation, matches: (monthDay: string, weekday: number) => boolean): string {
  const soon = addDaysToDateKey(londonDateKey(new Date()), 14);
  const year = Number(soon.slice(0, 4));
  return [...bankHolidays(year, nation), ...bankHolidays(year + 1, nation)].find(
    (d) => d >= soon && matches(d.slice(5), weekdayOfDateKey(d)),
  )!;
}
const saintAndrewsDay = () => next('scotland', (md) => md >= '11-30' && md <= '12-02');
const easterMonday = () =>
  next('england_and_wales', (md, weekday) => md >= '03-23' && md <= '04-26' && weekday === 1);
const battleOfTheBoyne = () => next('northern_ireland', (md) => md >= '07-12' && md <= '07-14');

/** A manager plans three weeks of the holiday's weekday around it, as the council's centres keep holidays now. */
async function skippedAround(holiday: string): Promise<{ skipped: string[]; planned: string[] }> {
  const plan = await api.gql<Plan>(manager, PLAN, {
    input: {
      ...pattern,
      weekdays: [weekdayOfDateKey(holiday)],
      startTime: '16:30',
      durationMinutes: 60,
      firstDate: addDaysToDateKey(holiday, -7),
      weeks: 3,
    },
  });
  expect(plan.errors).toBeUndefined();
  return {
    skipped: plan.data!.planSeries.skipped.map((s) => s.date),
    planned: plan.data!.planSeries.occurrences.map((o) => o.date),
  };
}

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.tokenFor(DEMO.admin);
  manager = await api.tokenFor(DEMO.manager);
  const q = (sql: string) => api.db.sql(sql).then((r) => r.rows);
  const centre = (await q(`select id from centre where name like 'Coxford Road%'`))[0].id;
  const room = (await q(`select id from room where centre_id = '${centre}' and name = 'Birch'`))[0].id;
  const agreement = (
    await q(
      `select a.id from contact_agreement a join child c on c.id = a.child_id
        where a.centre_id = '${centre}' and a.status = 'active' and c.first_name = 'Maisie'`,
    )
  )[0].id;
  const supervisor = (await q(`select id from staff_user where email = '${DEMO.supervisor1}'`))[0].id;
  pattern = { agreementId: agreement, roomId: room, supervisorId: supervisor };
});
afterAll(() => api.close());

describe('whose bank holidays the council keeps', () => {
  it('is England and Wales for a council set up before, with its next bank holidays', async () => {
    const r = await api.gql<{ councilBankHolidays: { nation: string; upcoming: string[] } }>(admin, READ);
    expect(r.errors).toBeUndefined();
    expect(r.data!.councilBankHolidays.nation).toBe('ENGLAND_AND_WALES');
    const today = londonDateKey(new Date());
    const year = Number(today.slice(0, 4));
    expect(r.data!.councilBankHolidays.upcoming).toEqual(
      [...bankHolidays(year, 'england_and_wales'), ...bankHolidays(year + 1, 'england_and_wales')].filter(
        (d) => d >= today && d < `${year + 1}${today.slice(4)}`,
      ),
    );
  });

  it('a series in England and Wales skips Easter Monday and not St Andrew’s Day', async () => {
    const easter = easterMonday();
    expect((await skippedAround(easter)).skipped).toEqual([easter]);
    const andrew = saintAndrewsDay();
    const around = await skippedAround(andrew);
    expect(around.skipped).toEqual([]);
    expect(around.planned).toContain(andrew);
  });

  it('an admin sets Scotland, in the change log: a series then skips St Andrew’s Day and not Easter Monday', async () => {
    const set = await api.gql<{ setBankHolidayNation: { nation: string; upcoming: string[] } }>(admin, SET, {
      n: 'SCOTLAND',
    });
    expect(set.errors).toBeUndefined();
    expect(set.data!.setBankHolidayNation.nation).toBe('SCOTLAND');
    expect(set.data!.setBankHolidayNation.upcoming).toContain(saintAndrewsDay());
    expect(await storedNation()).toBe('scotland');
    const [log] = (
      await api.db.sql(
        `select changes from change_log where record_type = 'council' order by at desc limit 1`,
      )
    ).rows;
    expect(log.changes.bankHolidayNation).toEqual(['england_and_wales', 'scotland']);

    const andrew = saintAndrewsDay();
    const around = await skippedAround(andrew);
    expect(around.skipped).toEqual([andrew]);
    expect(around.planned).not.toContain(andrew);
    const easter = easterMonday();
    const easterWeeks = await skippedAround(easter);
    expect(easterWeeks.skipped).toEqual([]);
    expect(easterWeeks.planned).toContain(easter);
  });

  it('in Northern Ireland a series skips the Battle of the Boyne (or its substitute day)', async () => {
    expect((await api.gql(admin, SET, { n: 'NORTHERN_IRELAND' })).errors).toBeUndefined();
    const boyne = battleOfTheBoyne();
    expect((await skippedAround(boyne)).skipped).toEqual([boyne]);
    expect((await api.gql(admin, SET, { n: 'ENGLAND_AND_WALES' })).errors).toBeUndefined();
    const around = await skippedAround(boyne);
    expect(around.skipped).toEqual([]);
    expect(around.planned).toContain(boyne);
  });

  it('refuses a nation it does not know, and anyone but an admin, changing nothing', async () => {
    const before = await storedNation();
    const unknown = await api.gql(admin, SET, { n: 'WALES' });
    expect(code(unknown)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(unknown)).not.toMatch(/at .*\.ts:\d+/);
    for (const token of [manager, await api.tokenFor(DEMO.socialWorker1)]) {
      expect(code(await api.gql(token, SET, { n: 'SCOTLAND' }))).toBe('FORBIDDEN');
      expect(code(await api.gql(token, READ))).toBe('FORBIDDEN');
    }
    expect(await storedNation()).toBe(before);
  });
});
