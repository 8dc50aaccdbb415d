import { addDaysToDateKey, londonDateKey } from '@kinroom/domain';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';

let api: TestApi;
let manager: string;
let ids: {
  centre: string;
  council: string;
  agreement: string;
  otherAgreement: string;
  usualSupervisor: string;
  usualRoom: string;
};

const FIND = `query Find($agreementId: ID!, $from: String!, $count: Int) {
  findSlots(agreementId: $agreementId, from: $from, count: $count) {
    startsAt endsAt roomId roomName supervisorId supervisorName usualSupervisor usualRoom
  }
}`;
const AGREEMENTS = `query Agreements($centreId: ID!, $search: String, $statuses: [AgreementStatus!]) {
  centreAgreements(centreId: $centreId, search: $search, statuses: $statuses) {
    id status child { firstName lastInitial } participantNames sessionMinutes requiresSecondStaff
  }
}`;

interface Slot {
  startsAt: string;
  endsAt: string;
  roomId: string;
  supervisorId: string;
  usualSupervisor: boolean;
  usualRoom: boolean;
}

beforeAll(async () => {
  api = await startTestApi();
  manager = await api.tokenFor(DEMO.manager);
  const q = (sql: string) => api.db.sql(sql).then((r) => r.rows);
  const [centre] = await q(`select id, council_id from centre where name like 'Coxford Road%'`);
  const [agreement] = await q(
    `select a.id from contact_agreement a join child c on c.id = a.child_id where c.first_name = 'Maisie'`,
  );
  const [other] = await q(
    `select a.id from contact_agreement a join child c on c.id = a.child_id
      where c.first_name = 'Amara' and a.centre_id = '${centre.id}' and a.status = 'active'`,
  );
  const [usual] = await q(
    `select supervisor_id, room_id from session where agreement_id = '${agreement.id}' and starts_at < now()
      order by starts_at desc limit 1`,
  );
  ids = {
    centre: centre.id,
    council: centre.council_id,
    agreement: agreement.id,
    otherAgreement: other.id,
    usualSupervisor: usual.supervisor_id,
    usualRoom: usual.room_id,
  };
});
afterAll(() => api.close());

describe('findSlots', () => {
  it('offers free times best first: the usual supervisor and room, earliest first, each passing every rule', async () => {
    const from = addDaysToDateKey(londonDateKey(new Date()), 30);
    const r = await api.gql<{ findSlots: Slot[] }>(manager, FIND, {
      agreementId: ids.agreement,
      from,
      count: 8,
    });
    expect(r.errors).toBeUndefined();
    const slots = r.data!.findSlots;
    expect(slots).toHaveLength(8);
    expect(slots[0]).toMatchObject({
      supervisorId: ids.usualSupervisor,
      roomId: ids.usualRoom,
      usualSupervisor: true,
      usualRoom: true,
    });
    const starts = slots.map((s) => s.startsAt);
    expect([...starts].sort()).toEqual(starts);
    for (const s of slots)
      expect(s.startsAt >= new Date(`${from}T00:00:00Z`).toISOString().slice(0, 10)).toBe(true);

    // Another family takes the usual supervisor and room at the first time offered: the best is now the usual pair
    // later on, not another pair at that time.
    const first = slots[0]!;
    const blocked = await api.gql(
      manager,
      `mutation Book($input: BookSessionInput!) { bookSession(input: $input) { id } }`,
      {
        input: {
          agreementId: ids.otherAgreement,
          roomId: first.roomId,
          supervisorId: first.supervisorId,
          startsAt: first.startsAt,
          endsAt: first.endsAt,
        },
      },
    );
    expect(blocked.errors).toBeUndefined();
    const again = (
      await api.gql<{ findSlots: Slot[] }>(manager, FIND, { agreementId: ids.agreement, from, count: 3 })
    ).data!.findSlots;
    expect(again[0]).toMatchObject({ supervisorId: ids.usualSupervisor, roomId: ids.usualRoom });
    expect(new Date(again[0]!.startsAt).getTime()).toBeGreaterThanOrEqual(
      new Date(first.endsAt).getTime() + 45 * 60_000,
    );
  });

  it('is for the manager of the agreement’s centre', async () => {
    const sw = await api.tokenFor(DEMO.socialWorker1);
    const r = await api.gql(sw, FIND, { agreementId: ids.agreement, from: '2030-01-07' });
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('centreAgreements', () => {
  it('finds the centre’s active and draft agreements by the child’s or a participant’s name, and logs each child read', async () => {
    const byChild = await api.gql<{
      centreAgreements: { child: { firstName: string }; participantNames: string[] }[];
    }>(manager, AGREEMENTS, { centreId: ids.centre, search: 'maisie' });
    expect(byChild.errors).toBeUndefined();
    expect(byChild.data!.centreAgreements.map((a) => a.child.firstName)).toEqual(['Maisie']);
    expect(byChild.data!.centreAgreements[0]!.participantNames).toEqual(['Jade Carter']);

    const byParent = await api.gql<{ centreAgreements: { child: { firstName: string } }[] }>(
      manager,
      AGREEMENTS,
      {
        centreId: ids.centre,
        search: 'Jade Car',
      },
    );
    expect(byParent.data!.centreAgreements.map((a) => a.child.firstName)).toEqual(['Maisie']);

    const all = await api.gql<{ centreAgreements: { status: string }[] }>(manager, AGREEMENTS, {
      centreId: ids.centre,
    });
    expect(all.data!.centreAgreements.length).toBeGreaterThan(1);
    expect(all.data!.centreAgreements.every((a) => a.status === 'ACTIVE' || a.status === 'DRAFT')).toBe(true);

    const refused = await api.gql(manager, AGREEMENTS, { centreId: ids.centre, statuses: ['ENDED'] });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const logged = await api.db.sql(
      `select count(*) as n from access_log where operation like '%centreAgreements%' and reason = 'agreements to book under'`,
    );
    expect(Number(logged.rows[0].n)).toBeGreaterThan(0);
  });

  it('gives another centre’s manager nothing', async () => {
    const otherCentre = randomUUID();
    const email = `manager-${otherCentre}@coxford.example`;
    await api.db.sql(
      `insert into centre (id, council_id, name, address, opening_hours)
       select $1, council_id, $3, address, opening_hours from centre where id = $2`,
      [otherCentre, ids.centre, `Other ${otherCentre}`],
    );
    await api.db.sql(
      `insert into staff_user (id, council_id, centre_id, name, email, role) values ($1, $2, $3, 'Olive Other', $4, 'centre_manager')`,
      [randomUUID(), ids.council, otherCentre, email],
    );
    const other = await api.tokenFor(email);
    const r = await api.gql(other, AGREEMENTS, { centreId: ids.centre, search: 'Maisie' });
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(r.data?.centreAgreements ?? null).toBeNull();
    const own = await api.gql<{ centreAgreements: unknown[] }>(other, AGREEMENTS, { centreId: otherCentre });
    expect(own.data!.centreAgreements).toEqual([]);
    const slots = await api.gql(other, FIND, { agreementId: ids.agreement, from: '2030-01-07' });
    expect(slots.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
