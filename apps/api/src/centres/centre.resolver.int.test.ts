import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { make } from '../db/make.js';
import { StaffUser } from '../people/staff-user.entity.js';
import { Room } from '../rooms/room.entity.js';
import { Centre } from './centre.entity.js';

const CENTRE_FIELDS = `id name address turnoverMinutes
  openingHours { weekday dayName open close }
  rooms { id centreId name capacity facilities condition conditionNote version }`;
const MY = `{ myCentres { ${CENTRE_FIELDS} } }`;
const ONE = `query($id: ID!) { centre(id: $id) { ${CENTRE_FIELDS} } }`;
const STAFF = `query($c: ID!, $r: StaffRole) { centreStaff(centreId: $c, role: $r) { id name role } }`;

interface CentreView {
  id: string;
  name: string;
  turnoverMinutes: number;
  openingHours: { weekday: number; dayName: string; open: string | null; close: string | null }[];
  rooms: { name: string; centreId: string; condition: string; facilities: string[] }[];
}

let api: TestApi;
let coxford: string;
let hensbury: string;
let eastmoor: string;

const sql = async (text: string, params: unknown[] = []) => (await api.db.sql(text, params)).rows;
const token = (email: string) => api.tokenFor(email);

beforeAll(async () => {
  api = await startTestApi();
  coxford = (await sql(`select id from centre where name like 'Coxford Road%'`))[0].id;
  eastmoor = (await sql(`select id from centre where name like 'Eastmoor%'`))[0].id;
  const councilId = (await sql(`select council_id from centre where id = $1`, [coxford]))[0].council_id;
  const em = api.db.orm.em.fork();
  const centre = make(Centre, {
    councilId,
    name: 'Hensbury Family Centre',
    address: '2 Church Walk, Hensbury',
    openingHours: {
      0: null,
      1: { open: '09:00', close: '21:00' },
      2: null,
      3: null,
      4: null,
      5: null,
      6: null,
    },
    turnoverMinutes: 20,
  });
  hensbury = centre.id;
  em.persist([
    centre,
    make(Room, { councilId, centreId: centre.id, name: 'Lark', capacity: 5, facilities: ['toys'] }),
    make(StaffUser, {
      councilId,
      centreId: coxford,
      name: 'Ivy Left',
      email: 'ivy.left@coxford.example',
      role: 'supervisor',
      active: false,
    }),
  ]);
  await em.flush();
});
afterAll(() => api.close());

describe('myCentres', () => {
  it.each([
    ['the manager', DEMO.manager],
    ['a supervisor', DEMO.supervisor1],
  ])('%s gets the centre they work at, with its rooms, hours and turnover', async (_who, email) => {
    const r = await api.gql<{ myCentres: CentreView[] }>(await token(email), MY);
    expect(r.errors).toBeUndefined();
    expect(r.data?.myCentres).toHaveLength(1);
    const c = r.data!.myCentres[0]!;
    expect(c).toMatchObject({ id: coxford, name: 'Coxford Road Family Contact Centre', turnoverMinutes: 15 });
    expect(c.rooms.map((x) => x.name)).toEqual([
      'Birch',
      'Cedar',
      'Hazel',
      'Maple',
      'Oak',
      'Rowan',
      'Willow',
    ]);
    expect(c.rooms.every((x) => x.centreId === coxford)).toBe(true);
    expect(c.rooms.find((x) => x.name === 'Maple')).toMatchObject({ condition: 'OUT_OF_SERVICE' });
    expect(c.rooms.find((x) => x.name === 'Oak')?.facilities).toEqual(['toys', 'kitchenette', 'garden door']);
    expect(c.openingHours).toHaveLength(7);
    expect(c.openingHours[0]).toEqual({ weekday: 0, dayName: 'Sunday', open: '07:00', close: '23:00' });
  });

  it.each([
    ['the integrator', DEMO.integrator],
    ['the admin', DEMO.admin],
  ])('%s gets every centre of the council and none of another', async (_who, email) => {
    const r = await api.gql<{ myCentres: CentreView[] }>(await token(email), MY);
    expect(r.errors).toBeUndefined();
    expect(r.data?.myCentres.map((c) => c.id)).toEqual([coxford, hensbury]);
    const lark = r.data!.myCentres[1]!;
    expect(lark.turnoverMinutes).toBe(20);
    expect(lark.openingHours.filter((d) => d.open !== null)).toEqual([
      { weekday: 1, dayName: 'Monday', open: '09:00', close: '21:00' },
    ]);
  });

  it('another council’s manager gets only their own centre', async () => {
    const r = await api.gql<{ myCentres: CentreView[] }>(await token(DEMO.otherManager), MY);
    expect(r.data?.myCentres.map((c) => c.id)).toEqual([eastmoor]);
  });

  it('a social worker is refused', async () => {
    const r = await api.gql(await token(DEMO.socialWorker1), MY);
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('nobody signed in is refused', async () => {
    const r = await api.gql(null, MY);
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('centre(id)', () => {
  it('the manager reads their centre', async () => {
    const r = await api.gql<{ centre: CentreView }>(await token(DEMO.manager), ONE, { id: coxford });
    expect(r.data?.centre.rooms).toHaveLength(7);
  });

  it('the integrator reads any centre of its council', async () => {
    const r = await api.gql<{ centre: CentreView }>(await token(DEMO.integrator), ONE, { id: hensbury });
    expect(r.data?.centre.name).toBe('Hensbury Family Centre');
  });

  it.each([
    ['the manager, another centre of the council', DEMO.manager, () => hensbury],
    ['a supervisor, another centre', DEMO.supervisor1, () => hensbury],
    ['the integrator, another council’s centre', DEMO.integrator, () => eastmoor],
    ['another council’s manager, this council’s centre', DEMO.otherManager, () => coxford],
    ['the manager, an id that is not one', DEMO.manager, () => 'centre-1'],
  ])('is NOT_FOUND for %s', async (_what, email, id) => {
    const r = await api.gql(await token(email), ONE, { id: id() });
    expect(r.data?.centre ?? null).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('centreStaff', () => {
  it('gives the manager the active supervisors of the centre, by name, for the booking form', async () => {
    const r = await api.gql<{ centreStaff: { name: string; role: string }[] }>(
      await token(DEMO.manager),
      STAFF,
      {
        c: coxford,
        r: 'SUPERVISOR',
      },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.centreStaff.map((s) => s.name)).toEqual([
      'Grace Lin',
      'Hannah Price',
      'Kwame Mensah',
      'Ruth Evans',
      'Sam Patel',
      'Tom Okafor',
    ]);
    expect(r.data?.centreStaff.every((s) => s.role === 'SUPERVISOR')).toBe(true);
  });

  it('without a role, gives everyone working at the centre, and never someone who has left', async () => {
    const r = await api.gql<{ centreStaff: { name: string; role: string }[] }>(
      await token(DEMO.integrator),
      STAFF,
      {
        c: coxford,
      },
    );
    const names = r.data?.centreStaff.map((s) => s.name) ?? [];
    expect(names).toHaveLength(7);
    expect(names).toContain('Priya Shah');
    expect(names).not.toContain('Ivy Left');
    expect(names).not.toContain('Aisha Khan');
  });

  it.each([
    ['a supervisor', DEMO.supervisor1, 'FORBIDDEN'],
    ['a social worker', DEMO.socialWorker1, 'FORBIDDEN'],
    ['another council’s manager', DEMO.otherManager, 'NOT_FOUND'],
  ])('refuses %s', async (_who, email, code) => {
    const r = await api.gql(await token(email), STAFF, { c: coxford });
    expect(r.errors?.[0]?.extensions?.code).toBe(code);
  });

  it('refuses the manager another centre’s staff', async () => {
    const r = await api.gql(await token(DEMO.manager), STAFF, { c: hensbury });
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
