import {
  addDaysToDateKey,
  fromLondonDateKey,
  londonDateKey,
  OBSERVATION_SECTION_KEYS,
} from '@kinroom/domain';
import { DEMO } from '../api.js';
import { importsSettled } from '../../src/import/import.service.js';
import { PERSONAS, type Persona } from './personas.js';
import type { DemoIds, Fixtures } from './world.js';

/**
 * The authorization matrix, written down: for every root field, what each persona must get. The test enumerates
 * the root fields of the built schema and fails for any field that has no row here, so a new field cannot ship
 * without someone deciding who may call it and checking it.
 *
 * A  ALLOWED          an answer with data and no error
 * F  FORBIDDEN        the role may never do this
 * U  UNAUTHENTICATED  no token, an expired one, or one this server did not sign
 * N  NOT_FOUND        the role may, but not on this record: read the same as for an id that does not exist
 */
export type Outcome = 'ALLOWED' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'NOT_FOUND';

const LETTERS: Record<string, Outcome> = {
  A: 'ALLOWED',
  F: 'FORBIDDEN',
  U: 'UNAUTHENTICATED',
  N: 'NOT_FOUND',
};

/** One letter per persona, in the order of the column header below (PERSONAS). */
function row(letters: string): Record<Persona, Outcome> {
  const cells = letters.trim().split(/\s+/);
  if (cells.length !== PERSONAS.length || cells.some((c) => !LETTERS[c])) {
    throw new Error(`a matrix row needs ${PERSONAS.length} of A/F/U/N: "${letters}"`);
  }
  return Object.fromEntries(PERSONAS.map((p, i) => [p, LETTERS[cells[i]!]!])) as Record<Persona, Outcome>;
}

export interface Targets {
  ids: DemoIds;
  fx: Fixtures;
  /** The newest event id before the matrix ran: subscriptions replay from there, so each allowed one answers. */
  after: string;
  /** A record made once per field and owner: a refused caller aims at the very record its owner then changes. */
  own<T>(owner: Persona, make: () => Promise<T>): Promise<T>;
}

type Vars = Record<string, unknown>;

export interface MatrixRow {
  document: string;
  /** Realistic arguments aimed at `owner`'s record (the caller's own when allowed, else the first allowed one's). */
  variables?: (t: Targets, owner: Persona) => Vars | Promise<Vars>;
  expect: Record<Persona, Outcome>;
  /** The answer is (part of) a child's record: every child it shows must be in the access log. */
  childRecord?: boolean;
  /**
   * Children an allowed read is about though its answer holds none of their ids (free times shaped by a child's
   * school day, a list by initials): each must be in the access log as if shown.
   */
  about?: (t: Targets) => string[];
  /** Undoes, right after each call, what an allowed call changed that the other rows rely on (a sign-out). */
  after?: (t: Targets) => Promise<void>;
}

const SATURDAY_AT = (t: Targets, weeks: number, clock: string) =>
  fromLondonDateKey(t.fx.saturday(weeks), clock).toISOString();
const plusMinutes = (iso: string, m: number) => new Date(Date.parse(iso) + m * 60_000).toISOString();
const inDays = (days: number) => addDaysToDateKey(londonDateKey(new Date()), days);
/** Maisie's weekly contact on Saturdays at 14:00 for two weeks from `weeksAhead`, in Birch with Tom. */
const seriesPattern = (t: Targets, weeksAhead: number) => ({
  agreementId: t.ids.maisieAgreement,
  roomId: t.ids.room.Birch,
  supervisorId: t.ids.staff[DEMO.supervisor1],
  kind: 'CONTACT',
  weekdays: [6],
  startTime: '14:00',
  firstDate: t.fx.saturday(weeksAhead),
  weeks: 2,
});

//                                                  manager supervisor socialWorker integrator admin
//                                                  anonymous expired forged otherManager otherSocialWorker
//                                                  neighbourManager
export const QUERIES: Record<string, MatrixRow> = {
  accessLog: {
    document: `query M_accessLog { accessLog(first: 5) { edges { node { id at } } } }`,
    expect: row('F F F F A   U U U   F F   F'),
  },
  changeLog: {
    document: `query M_changeLog { changeLog(first: 5) { edges { node { id action recordType } } } }`,
    expect: row('F F F F A   U U U   F F   F'),
  },
  agreement: {
    document: `query M_agreement($id: ID!) { agreement(id: $id) { id childId status } }`,
    variables: (t) => ({ id: t.ids.maisieAgreement }),
    expect: row('A F A A F   U U U   N N   N'),
    childRecord: true,
  },
  centre: {
    document: `query M_centre($id: ID!) { centre(id: $id) { id name rooms { id } } }`,
    variables: (t) => ({ id: t.ids.centre }),
    expect: row('A A F A A   U U U   N F   N'),
  },
  centreFlags: {
    document: `query M_centreFlags($c: ID!) { centreFlags(centreId: $c) { id childId status } }`,
    variables: (t) => ({ c: t.ids.centre }),
    expect: row('A A F A F   U U U   N F   N'),
    childRecord: true,
  },
  centreSchedule: {
    document: `query M_centreSchedule($c: ID!) { centreSchedule(centreId: $c) { id status child { id } } }`,
    variables: (t) => ({ c: t.ids.centre }),
    expect: row('A F F A F   U U U   N F   N'),
    childRecord: true,
  },
  centreStaff: {
    document: `query M_centreStaff($c: ID!) { centreStaff(centreId: $c) { id name role } }`,
    variables: (t) => ({ c: t.ids.centre }),
    expect: row('A F F A A   U U U   N F   N'),
  },
  child: {
    document: `query M_child($id: ID!) { child(id: $id) { id firstName lastName } }`,
    variables: (t) => ({ id: t.ids.child.Maisie }),
    expect: row('A A A A F   U U U   N N   N'),
    childRecord: true,
  },
  childHistory: {
    document: `query M_childHistory($id: ID!) {
      childHistory(childId: $id, first: 2) { edges { node { session { id childId } attendance { outcome } } } } }`,
    variables: (t) => ({ id: t.ids.child.Maisie }),
    expect: row('A F A A F   U U U   N N   N'),
    childRecord: true,
  },
  // A child's records as their keepers see them (docs/records.md): the child's social worker, the council's admins
  // and integrations (reading with a staff token or a read key); managers and supervisors keep `child(id)`.
  childDetails: {
    document: `query M_childDetails($id: ID!) { childDetails(id: $id) { id firstName openCase { id } changes { action } } }`,
    variables: (t) => ({ id: t.ids.child.Maisie }),
    expect: row('F F A A A   U U U   F N   F'),
    childRecord: true,
  },
  familyMemberDetails: {
    document: `query M_familyMemberDetails($id: ID!) { familyMemberDetails(id: $id) { id firstName } }`,
    variables: (t) => ({ id: t.ids.maisieParent }),
    expect: row('F F A A A   U U U   F N   F'),
  },
  // Maisie's carer: her social worker and the admins read it; an integrator without the carers scope never does.
  carerDetails: {
    document: `query M_carerDetails($id: ID!) { carerDetails(id: $id) { id name } }`,
    variables: async (t) => ({ id: (await t.fx.carerOf(t.ids.child.Maisie!)).id }),
    expect: row('F F A F A   U U U   F N   F'),
  },
  findChildren: {
    document: `query M_findChildren { findChildren(name: "Maisie") { id firstName lastName } }`,
    expect: row('F F A A A   U U U   F A   F'),
    childRecord: true,
  },
  // Choosing a family member or carer already on record for another child: social workers (their caseload's)
  // and admins (the council's); integrations name records by the case system's ids instead.
  findFamilyMembers: {
    document: `query M_findFamilyMembers { findFamilyMembers(name: "Jade Carter") { id firstName children { relationship child { id firstName } } } }`,
    expect: row('F F A F A   U U U   F A   F'),
    childRecord: true,
  },
  findCarers: {
    document: `query M_findCarers { findCarers(name: "Fielding") { id name children { id firstName } } }`,
    expect: row('F F A F A   U U U   F A   F'),
    childRecord: true,
  },
  socialWorkers: {
    document: `query M_socialWorkers { socialWorkers { id name } }`,
    expect: row('F F A A A   U U U   F A   F'),
  },
  // The integrations' change lists: integrations alone.
  childrenChanged: {
    document: `query M_childrenChanged { childrenChanged(first: 3) { items { id lastName } endCursor hasMore } }`,
    expect: row('F F F A F   U U U   F F   F'),
    childRecord: true,
  },
  casesChanged: {
    document: `query M_casesChanged { casesChanged(first: 3) { items { id childId } endCursor hasMore } }`,
    expect: row('F F F A F   U U U   F F   F'),
    childRecord: true,
  },
  agreementsChanged: {
    document: `query M_agreementsChanged { agreementsChanged(first: 3) { items { id childId status } endCursor hasMore } }`,
    expect: row('F F F A F   U U U   F F   F'),
    childRecord: true,
  },
  sessionsChanged: {
    document: `query M_sessionsChanged { sessionsChanged(first: 3) { items { id child { id } } endCursor hasMore } }`,
    expect: row('F F F A F   U U U   F F   F'),
    childRecord: true,
  },
  demoUsers: {
    document: `query M_demoUsers { demoUsers { id role } }`,
    expect: row('A A A A A   A U U   A A   A'),
  },
  // Signing in and API keys (docs/sign-in.md).
  signInOptions: {
    document: `query M_signInOptions { signInOptions { oidc { issuer clientId scopes } demo } }`,
    expect: row('A A A A A   A U U   A A   A'),
  },
  apiKeys: {
    document: `query M_apiKeys { apiKeys { id name prefix scopes revokedAt } }`,
    expect: row('F F F F A   U U U   F F   F'),
  },
  flag: {
    document: `query M_flag($id: ID!) { flag(id: $id) { id childId status } }`,
    variables: (t) => ({ id: t.ids.maisieOpenFlag }),
    expect: row('A A A A F   U U U   N N   N'),
    childRecord: true,
  },
  me: {
    document: `query M_me { me { id role councilId } }`,
    expect: row('A A A A A   U U U   A A   A'),
  },
  myCaseload: {
    document: `query M_myCaseload { myCaseload { child { id firstName } needsAttention } }`,
    expect: row('F F A F F   U U U   F A   F'),
    childRecord: true,
  },
  myCentres: {
    document: `query M_myCentres { myCentres { id name } }`,
    expect: row('A A F A A   U U U   A F   A'),
  },
  myFlags: {
    document: `query M_myFlags { myFlags { id childId } }`,
    expect: row('F F A F F   U U U   F A   F'),
    childRecord: true,
  },
  myObservationDrafts: {
    document: `query M_myObservationDrafts { myObservationDrafts { id childId } }`,
    expect: row('F A F F F   U U U   F F   F'),
    childRecord: true,
  },
  mySessions: {
    document: `query M_mySessions { mySessions { id child { id } } }`,
    expect: row('F A F F F   U U U   F F   F'),
    childRecord: true,
  },
  observation: {
    document: `query M_observation($id: ID!) { observation(id: $id) { id childId status } }`,
    variables: (t) => ({ id: t.ids.maisieFinalObservation }),
    expect: row('A A A A F   U U U   N N   N'),
    childRecord: true,
  },
  overdueObservations: {
    document: `query M_overdueObservations($c: ID!) { overdueObservations(centreId: $c) { sessionId status } }`,
    variables: (t) => ({ c: t.ids.centre }),
    expect: row('A F F F F   U U U   N F   N'),
    childRecord: true,
  },
  unrecordedSessions: {
    document: `query M_unrecordedSessions($c: ID!) { unrecordedSessions(centreId: $c) { id child { id } } }`,
    variables: (t) => ({ c: t.ids.centre }),
    expect: row('A F F F F   U U U   N F   N'),
    childRecord: true,
  },
  cancellationsNotTold: {
    document: `query M_cancellationsNotTold($c: ID!) { cancellationsNotTold(centreId: $c) { id child { id } } }`,
    variables: (t) => ({ c: t.ids.centre }),
    expect: row('A F F F F   U U U   N F   N'),
    childRecord: true,
  },
  centreAmendments: {
    document: `query M_centreAmendments($c: ID!) { centreAmendments(centreId: $c) { amendment { id childId } session { id } } }`,
    variables: (t) => ({ c: t.ids.centre }),
    expect: row('A F F F F   U U U   N F   N'),
    childRecord: true,
  },
  // Messages that did not reach the person (docs/notifications.md): the centre's manager alone, their own centre.
  centreMessageFailures: {
    document: `query M_centreMessageFailures($c: ID!) { centreMessageFailures(centreId: $c) { id childId child { id } } }`,
    variables: (t) => ({ c: t.ids.centre }),
    expect: row('A F F F F   U U U   N F   N'),
    childRecord: true,
  },
  // Messages not sent because no way out is set up: a count for the centre's manager alone, their own centre.
  centreMessagesNotSetUp: {
    document: `query M_centreMessagesNotSetUp($c: ID!) { centreMessagesNotSetUp(centreId: $c) }`,
    variables: (t) => ({ c: t.ids.centre }),
    expect: row('A F F F F   U U U   N F   N'),
  },
  // Booking (docs/sessions.md): the centre's manager finds an agreement of their centre, its free times, and plans
  // a series; another centre, or Coxford's other one, is NOT_FOUND. Each child read is in the access log.
  centreAgreements: {
    document: `query M_centreAgreements($c: ID!) { centreAgreements(centreId: $c, search: "Maisie") { id status child { id firstName } } }`,
    variables: (t) => ({ c: t.ids.centre }),
    expect: row('A F F F F   U U U   N F   N'),
    childRecord: true,
  },
  findSlots: {
    document: `query M_findSlots($a: ID!, $from: String!) { findSlots(agreementId: $a, from: $from, count: 3) { startsAt roomId supervisorId } }`,
    variables: (t) => ({ a: t.ids.maisieAgreement, from: t.fx.saturday(36) }),
    expect: row('A F F F F   U U U   N F   N'),
    childRecord: true,
    about: (t) => [t.ids.child.Maisie!],
  },
  planSeries: {
    document: `query M_planSeries($input: SeriesPatternInput!) { planSeries(input: $input) { rule bookableCount occurrences { date bookable } } }`,
    variables: (t) => ({ input: seriesPattern(t, 38) }),
    expect: row('A F F F F   U U U   N F   N'),
    childRecord: true,
    about: (t) => [t.ids.child.Maisie!],
  },
  // The parents' copy of a final record (docs/parents-copy.md): the child's social worker and the manager of the
  // session's centre while the child has current work there; the manager's list of copies due, of their own centre.
  parentsCopy: {
    document: `query M_parentsCopy($o: ID!) { parentsCopy(observationId: $o) { observationId childId dueDate shared withholdings { id } } }`,
    variables: (t) => ({ o: t.ids.maisieFinalObservation }),
    expect: row('A F A F F   U U U   N N   N'),
    childRecord: true,
  },
  parentsCopyDue: {
    document: `query M_parentsCopyDue($c: ID!) { parentsCopyDue(centreId: $c) { observationId sessionId childInitials dueDate overdue } }`,
    variables: (t) => ({ c: t.ids.centre }),
    expect: row('A F F F F   U U U   N F   N'),
    childRecord: true,
    // Maisie's final record at Coxford Road is not shared yet when the queries run: listed by initials, logged.
    about: (t) => [t.ids.child.Maisie!],
  },
  // Where an agreement a social worker writes may place its sessions: their own council's centres (docs/agreements.md).
  agreementCentres: {
    document: `query M_agreementCentres { agreementCentres { id name } }`,
    expect: row('F F A F F   U U U   F A   F'),
  },
  // A centre's weekly figures (docs/figures.md): its manager alone; they name no child.
  centreFigures: {
    document: `query M_centreFigures($c: ID!) { centreFigures(centreId: $c, weeks: 4) { centreId total { from to attendanceRate } } }`,
    variables: (t) => ({ c: t.ids.centre }),
    expect: row('A F F F F   U U U   N F   N'),
  },
  observationsToReview: {
    document: `query M_observationsToReview { observationsToReview { id childId } }`,
    expect: row('A A F F F   U U U   A F   A'),
    childRecord: true,
  },
  roomBoard: {
    document: `query M_roomBoard($c: ID!) { roomBoard(centreId: $c) { centreId rooms { state current { child { id } } next { child { id } } } } }`,
    variables: (t) => ({ c: t.ids.centre }),
    expect: row('A F F A F   U U U   N F   N'),
    childRecord: true,
  },
  serverStatus: {
    document: `query M_serverStatus { serverStatus { status } }`,
    expect: row('A A A A A   A U U   A A   A'),
  },
  session: {
    document: `query M_session($id: ID!) { session(id: $id) { id status child { id } attendance { outcome } } }`,
    variables: (t) => ({ id: t.ids.maisieLiveSession }),
    expect: row('A A A A F   U U U   N N   N'),
    childRecord: true,
  },
  siteAlerts: {
    document: `query M_siteAlerts($c: ID!) { siteAlerts(centreId: $c) { child { id firstName } category severity room { name } } }`,
    variables: (t) => ({ c: t.ids.centre }),
    expect: row('A A F F F   U U U   N F   N'),
    childRecord: true,
  },
  verifyEvidenceChain: {
    document: `query M_verifyEvidenceChain($id: ID!) { verifyEvidenceChain(childId: $id) { childId intact } }`,
    variables: (t) => ({ id: t.ids.child.Maisie }),
    expect: row('A F A A A   U U U   N N   N'),
    childRecord: true,
  },
  staffMembers: {
    document: `query M_staffMembers { staffMembers(includeInactive: true) { id role active signInBound } }`,
    expect: row('F F F F A   U U U   F F   F'),
  },
  // The council's languages for messages to families (docs/notifications.md): its admins alone.
  councilMessaging: {
    document: `query M_councilMessaging { councilMessaging { messageLanguages } }`,
    expect: row('F F F F A   U U U   F F   F'),
  },
  // Whose bank holidays the council keeps (docs/set-up.md): its admins alone.
  councilBankHolidays: {
    document: `query M_councilBankHolidays { councilBankHolidays { nation upcoming } }`,
    expect: row('F F F F A   U U U   F F   F'),
  },
  // Imports from the case system (docs/import.md): the council's admins alone; another council's run is NOT_FOUND
  // (src/import/import.int.test.ts).
  importRun: {
    document: `query M_importRun($id: ID!) { importRun(id: $id) { id status rowsDone } }`,
    variables: async (t, o) => ({ id: (await t.own(o, () => t.fx.importRun())).id }),
    expect: row('F F F F A   U U U   F F   F'),
  },
  importRuns: {
    document: `query M_importRuns { importRuns(first: 5) { id status } }`,
    expect: row('F F F F A   U U U   F F   F'),
  },
};

const MATRIX_CARERS = () =>
  `carer_id,name,address,phone\nMATRIX-${Math.random().toString(36).slice(2)},Matrix Carer,1 Matrix Row,\n`;

const SECTIONS = OBSERVATION_SECTION_KEYS.map((k) => ({ key: k.toUpperCase(), facts: `Saw ${k}.` }));

//                                                  manager supervisor socialWorker integrator admin
//                                                  anonymous expired forged otherManager otherSocialWorker
//                                                  neighbourManager
export const MUTATIONS: Record<string, MatrixRow> = {
  acknowledgeFlag: {
    document: `mutation M_acknowledgeFlag($id: ID!) { acknowledgeFlag(id: $id, note: "Seen.") { id status } }`,
    variables: async (t, o) => ({ id: (await t.own(o, () => t.fx.flag('open'))).id }),
    expect: row('A F A F F   U U U   N N   N'),
  },
  amendObservation: {
    document: `mutation M_amendObservation($id: ID!) {
      amendObservation(id: $id, reason: "Correction of fact", text: "The session ended five minutes early.") { id } }`,
    variables: (t) => ({ id: t.ids.maisieFinalObservation }),
    expect: row('A A F F F   U U U   N F   N'),
  },
  approveObservation: {
    document: `mutation M_approveObservation($id: ID!, $v: Int!) { approveObservation(id: $id, expectedVersion: $v) { id status } }`,
    variables: async (t, o) => {
      const obs = await t.own(o, () => t.fx.observation('submitted'));
      return { id: obs.id, v: obs.version };
    },
    expect: row('A A F F F   U U U   N F   N'),
  },
  // Signing in and out, and API keys (docs/sign-in.md). This server has no identity provider set up, so signing in
  // with one is refused for everyone (auth/oidc.int.test.ts signs in through a real one); everyone signed in may sign
  // out; admins alone make and revoke their council's keys.
  signInWithOidc: {
    document: `mutation M_signInWithOidc { signInWithOidc(idToken: "not-a-token", nonce: "n") { token } }`,
    expect: row('F F F F F   F U U   F F   F'),
  },
  signOut: {
    document: `mutation M_signOut { signOut }`,
    expect: row('A A A A A   U U U   A A   A'),
    after: (t) => t.fx.forgetSignOuts(),
  },
  createApiKey: {
    document: `mutation M_createApiKey($input: ApiKeyInput!) { createApiKey(input: $input) { key { id } } }`,
    variables: () => ({ input: { name: 'Matrix key', scopes: ['READ'] } }),
    expect: row('F F F F A   U U U   F F   F'),
  },
  revokeApiKey: {
    document: `mutation M_revokeApiKey($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`,
    variables: async (t, o) => ({ id: (await t.own(o, () => t.fx.apiKey())).id }),
    expect: row('F F F F A   U U U   F F   F'),
  },
  // Administration (docs/set-up.md): the council's admins alone, and never another council's records.
  createCentre: {
    document: `mutation M_createCentre($input: CentreInput!) { createCentre(input: $input) { id } }`,
    variables: () => ({
      input: {
        name: `Matrix Centre ${Math.random().toString(36).slice(2)}`,
        address: '1 Matrix Row',
        openingHours: [{ weekday: 6, open: '09:00', close: '17:00' }],
      },
    }),
    expect: row('F F F F A   U U U   F F   F'),
  },
  createRoom: {
    document: `mutation M_createRoom($input: RoomInput!) { createRoom(input: $input) { id } }`,
    variables: (t) => ({
      input: { centreId: t.ids.centre, name: `Matrix ${Math.random().toString(36).slice(2)}`, capacity: 4 },
    }),
    expect: row('F F F F A   U U U   F F   F'),
  },
  deactivateStaff: {
    document: `mutation M_deactivateStaff($id: ID!) { deactivateStaff(id: $id) { id active } }`,
    variables: async (t, o) => ({ id: (await t.own(o, () => t.fx.staffAccount())).id }),
    expect: row('F F F F A   U U U   F F   F'),
  },
  inviteStaff: {
    document: `mutation M_inviteStaff($input: InviteStaffInput!) { inviteStaff(input: $input) { id } }`,
    variables: () => ({
      input: {
        name: 'Matrix Invitee',
        email: `matrix-${Math.random().toString(36).slice(2)}@coxford.example`,
        role: 'SOCIAL_WORKER',
      },
    }),
    expect: row('F F F F A   U U U   F F   F'),
  },
  reactivateStaff: {
    document: `mutation M_reactivateStaff($id: ID!) { reactivateStaff(id: $id) { id active } }`,
    variables: async (t, o) => ({ id: (await t.own(o, () => t.fx.staffAccount())).id }),
    expect: row('F F F F A   U U U   F F   F'),
  },
  updateCentre: {
    document: `mutation M_updateCentre($id: ID!, $input: CentreUpdateInput!) { updateCentre(id: $id, input: $input) { id } }`,
    variables: (t) => ({ id: t.ids.centre, input: { turnoverMinutes: 15 } }),
    expect: row('F F F F A   U U U   F F   F'),
  },
  updateRoom: {
    document: `mutation M_updateRoom($id: ID!, $input: RoomUpdateInput!) { updateRoom(id: $id, input: $input) { id } }`,
    variables: (t) => ({ id: t.ids.room.Willow, input: { name: 'Willow' } }),
    expect: row('F F F F A   U U U   F F   F'),
  },
  // The council's languages for messages to families (docs/notifications.md): its admins alone; English is the
  // demo council's own setting, so an allowed call changes nothing the other rows rely on.
  setMessageLanguages: {
    document: `mutation M_setMessageLanguages { setMessageLanguages(languages: ENGLISH) { messageLanguages } }`,
    expect: row('F F F F A   U U U   F F   F'),
  },
  // Whose bank holidays the council keeps (docs/set-up.md): its admins alone; England and Wales is the demo
  // council's own setting, so an allowed call changes nothing the other rows rely on.
  setBankHolidayNation: {
    document: `mutation M_setBankHolidayNation { setBankHolidayNation(nation: ENGLAND_AND_WALES) { nation } }`,
    expect: row('F F F F A   U U U   F F   F'),
  },
  updateStaff: {
    document: `mutation M_updateStaff($id: ID!, $input: UpdateStaffInput!) { updateStaff(id: $id, input: $input) { id } }`,
    variables: async (t, o) => ({
      id: (await t.own(o, () => t.fx.staffAccount())).id,
      input: { name: 'Fixture Account' },
    }),
    expect: row('F F F F A   U U U   F F   F'),
  },
  // Imports from the case system (docs/import.md): the council's admins alone.
  previewImport: {
    document: `mutation M_previewImport($files: [ImportFileInput!]!) { previewImport(files: $files) { created refused } }`,
    variables: () => ({ files: [{ name: 'carers.csv', content: MATRIX_CARERS() }] }),
    expect: row('F F F F A   U U U   F F   F'),
  },
  startImport: {
    document: `mutation M_startImport($files: [ImportFileInput!]!) { startImport(files: $files) { id status } }`,
    variables: () => ({ files: [{ name: 'carers.csv', content: MATRIX_CARERS() }] }),
    // The import runs on in the background: it ends before the next field's refusals are checked for changes.
    after: () => importsSettled(),
    expect: row('F F F F A   U U U   F F   F'),
  },
  // A child's records (docs/records.md): social workers (their caseload; a child they create is theirs) and admins;
  // an integrator signed in with a staff token only reads (writing needs an API key with the write scope).
  saveChild: {
    document: `mutation M_saveChild($input: ChildInput!) { saveChild(input: $input) { id openCase { id } } }`,
    variables: () => ({ input: { firstName: 'Matrix', lastName: 'Child', dateOfBirth: '2018-01-01' } }),
    expect: row('F F A F A   U U U   F A   F'),
  },
  saveFamilyMember: {
    document: `mutation M_saveFamilyMember($input: FamilyMemberInput!) { saveFamilyMember(input: $input) { id } }`,
    variables: () => ({ input: { firstName: 'Matrix', lastName: 'Parent' } }),
    expect: row('F F A F A   U U U   F A   F'),
  },
  saveCarer: {
    document: `mutation M_saveCarer($input: CarerInput!) { saveCarer(input: $input) { id } }`,
    variables: () => ({ input: { name: 'Matrix Carer', address: '1 Matrix Row' } }),
    expect: row('F F A F A   U U U   F A   F'),
  },
  linkFamilyMember: {
    document: `mutation M_linkFamilyMember($c: ID!, $f: ID!) {
      linkFamilyMember(childId: $c, familyMemberId: $f, relationship: "mother", parentalResponsibility: true) { id } }`,
    variables: (t) => ({ c: t.ids.child.Maisie, f: t.ids.maisieParent }),
    expect: row('F F A F A   U U U   F N   F'),
  },
  unlinkFamilyMember: {
    document: `mutation M_unlinkFamilyMember($c: ID!, $f: ID!) { unlinkFamilyMember(childId: $c, familyMemberId: $f) { id } }`,
    variables: async (t, o) => {
      const link = await t.own(o, () => t.fx.familyLink(t.ids.staff[DEMO.socialWorker1]!));
      return { c: link.childId, f: link.familyMemberId };
    },
    expect: row('F F A F A   U U U   F N   F'),
  },
  // Maisie's case to Aisha, who holds it already: allowed, and nothing changes.
  assignCase: {
    document: `mutation M_assignCase($c: ID!, $sw: ID!) { assignCase(childId: $c, socialWorkerId: $sw) { id } }`,
    variables: (t) => ({ c: t.ids.child.Maisie, sw: t.ids.staff[DEMO.socialWorker1] }),
    expect: row('F F A F A   U U U   F N   F'),
  },
  closeCase: {
    document: `mutation M_closeCase($c: ID!) { closeCase(childId: $c) { id } }`,
    variables: async (t, o) => ({
      c: (await t.own(o, () => t.fx.childOnCaseload(t.ids.staff[DEMO.socialWorker1]!))).id,
    }),
    expect: row('F F A F A   U U U   F N   F'),
  },
  setReviewingOfficer: {
    document: `mutation M_setReviewingOfficer($c: ID!) { setReviewingOfficer(childId: $c, name: "Rae Reviewer", email: "rae.iro@council.example") { id } }`,
    variables: async (t, o) => ({
      c: (await t.own(o, () => t.fx.childOnCaseload(t.ids.staff[DEMO.socialWorker1]!))).id,
    }),
    expect: row('F F A F A   U U U   F N   F'),
  },
  bookSession: {
    document: `mutation M_bookSession($input: BookSessionInput!) { bookSession(input: $input) { id status } }`,
    variables: (t) => {
      const startsAt = SATURDAY_AT(t, 0, '14:00');
      return {
        input: {
          agreementId: t.ids.maisieAgreement,
          roomId: t.ids.room.Cedar,
          supervisorId: t.ids.staff[DEMO.supervisor1],
          startsAt,
          endsAt: plusMinutes(startsAt, 60),
        },
      };
    },
    expect: row('A F F F F   U U U   N F   N'),
  },
  // Recurring sessions (docs/sessions.md): the centre's manager books a series and moves or cancels the rest of one.
  bookSeries: {
    document: `mutation M_bookSeries($input: BookSeriesInput!) { bookSeries(input: $input) { id rule sessions { id } } }`,
    variables: (t) => ({ input: seriesPattern(t, 40) }),
    expect: row('A F F F F   U U U   N F   N'),
  },
  cancelSeriesFrom: {
    document: `mutation M_cancelSeriesFrom($input: CancelSeriesFromInput!) { cancelSeriesFrom(input: $input) { id status } }`,
    variables: async (t, o) => {
      const series = await t.own(o, () => t.fx.series(44));
      return { input: { seriesId: series.id, fromSessionId: series.firstSessionId, reason: 'CHILD_ILL' } };
    },
    expect: row('A F F F F   U U U   N F   N'),
  },
  moveSeriesFrom: {
    document: `mutation M_moveSeriesFrom($input: MoveSeriesFromInput!) { moveSeriesFrom(input: $input) { id startsAt } }`,
    variables: async (t, o) => {
      const series = await t.own(o, () => t.fx.series(48));
      return { input: { seriesId: series.id, fromSessionId: series.firstSessionId, startTime: '15:00' } };
    },
    expect: row('A F F F F   U U U   N F   N'),
  },
  cancelSession: {
    document: `mutation M_cancelSession($input: CancelSessionInput!) { cancelSession(input: $input) { id status } }`,
    variables: async (t, o) => {
      const s = await t.own(o, () => t.fx.session());
      return { input: { sessionId: s.id, expectedVersion: s.version, reason: 'CHILD_ILL' } };
    },
    expect: row('A F F F F   U U U   N F   N'),
  },
  correctAttendance: {
    document: `mutation M_correctAttendance($input: CorrectAttendanceInput!) { correctAttendance(input: $input) { id } }`,
    variables: async (t, o) => ({
      input: {
        sessionId: (await t.own(o, () => t.fx.noShow())).id,
        outcome: 'EXPLAINED_ABSENCE',
        reason: 'The mother phoned before the start; the call was logged on paper only.',
      },
    }),
    expect: row('A F F F F   U U U   N F   N'),
  },
  createAgreement: {
    document: `mutation M_createAgreement($input: CreateAgreementInput!) { createAgreement(input: $input) { id status } }`,
    variables: (t) => ({
      input: {
        childId: t.ids.child.Maisie,
        centreId: t.ids.centre,
        riskFactors: ['INADEQUATE_PARENTING'],
        sessionsPerWeek: 1,
        sessionMinutes: 60,
        participantIds: [t.ids.maisieParent],
        transportPlan: 'The social worker arranges a taxi.',
        conditions: ['Arrive 15 minutes early'],
        reviewDate: inDays(60),
      },
    }),
    expect: row('F F A F F   U U U   F N   F'),
  },
  endAgreement: {
    document: `mutation M_endAgreement($id: ID!, $v: Int!) { endAgreement(id: $id, reason: "Withdrawn unsigned.", expectedVersion: $v) { id status } }`,
    variables: async (t, o) => {
      const a = await t.own(o, () => t.fx.draftAgreement());
      return { id: a.id, v: a.version };
    },
    expect: row('F F A F F   U U U   F N   F'),
  },
  escalateFlag: {
    document: `mutation M_escalateFlag($id: ID!) { escalateFlag(id: $id, reason: "Needs the team manager.") { id status } }`,
    variables: async (t, o) => ({ id: (await t.own(o, () => t.fx.flag('open'))).id }),
    expect: row('A F A F F   U U U   N N   N'),
  },
  finaliseObservation: {
    document: `mutation M_finaliseObservation($id: ID!, $v: Int!) { finaliseObservation(id: $id, expectedVersion: $v) { id status } }`,
    variables: async (t, o) => {
      const obs = await t.own(o, () => t.fx.observation('approved'));
      return { id: obs.id, v: obs.version };
    },
    expect: row('A A F F F   U U U   N F   N'),
  },
  raiseFlag: {
    document: `mutation M_raiseFlag($input: RaiseFlagInput!) { raiseFlag(input: $input) { id status } }`,
    variables: (t) => ({
      input: {
        childId: t.ids.child.Maisie,
        category: 'OTHER',
        severity: 'LOW',
        description: 'Parent arrived with a new partner the child did not know.',
      },
    }),
    expect: row('A A F F F   U U U   N F   N'),
  },
  recordAbsenceNotice: {
    document: `mutation M_recordAbsenceNotice($input: RecordAbsenceNoticeInput!) { recordAbsenceNotice(input: $input) { id beforeStart } }`,
    variables: async (t, o) => ({
      input: {
        sessionId: (await t.own(o, () => t.fx.session())).id,
        receivedAt: new Date(Date.now() - 60_000).toISOString(),
        givenBy: 'Jade Carter (mother)',
        reason: 'Unwell',
      },
    }),
    expect: row('A A F F F   U U U   N F   N'),
  },
  recordFamilyInformed: {
    document: `mutation M_recordFamilyInformed($s: ID!, $v: Int!, $at: DateTimeISO!) {
      recordFamilyInformed(sessionId: $s, expectedVersion: $v, at: $at) { id status } }`,
    variables: async (t, o) => {
      const s = await t.own(o, () => t.fx.session({ status: 'cancelled' }));
      return { s: s.id, v: s.version, at: new Date(Date.now() - 60_000).toISOString() };
    },
    expect: row('A A F F F   U U U   N F   N'),
  },
  recordSessionStep: {
    document: `mutation M_recordSessionStep($input: RecordSessionStepInput!) { recordSessionStep(input: $input) { id status } }`,
    variables: async (t, o) => {
      const s = await t.own(o, () => t.fx.session({ due: true }));
      return { input: { sessionId: s.id, expectedVersion: s.version, step: 'RECORD_PARENT_ARRIVAL' } };
    },
    expect: row('A A F F F   U U U   N F   N'),
  },
  rescheduleSession: {
    document: `mutation M_rescheduleSession($input: RescheduleSessionInput!) { rescheduleSession(input: $input) { id startsAt } }`,
    variables: async (t, o) => {
      const at = fromLondonDateKey(t.fx.saturday(1), '10:00');
      const s = await t.own(o, () => t.fx.session({ startsAt: at, room: t.ids.room.Cedar }));
      const startsAt = SATURDAY_AT(t, 1, '14:00');
      return {
        input: { sessionId: s.id, expectedVersion: s.version, startsAt, endsAt: plusMinutes(startsAt, 60) },
      };
    },
    expect: row('A F F F F   U U U   N F   N'),
  },
  resolveFlag: {
    document: `mutation M_resolveFlag($id: ID!, $v: Int!) {
      resolveFlag(id: $id, outcome: "Discussed with the parent; no further action.", expectedVersion: $v) { id status } }`,
    variables: async (t, o) => {
      const f = await t.own(o, () => t.fx.flag('acknowledged'));
      return { id: f.id, v: f.version };
    },
    expect: row('A F A F F   U U U   N N   N'),
  },
  returnObservation: {
    document: `mutation M_returnObservation($id: ID!, $v: Int!) {
      returnObservation(id: $id, reason: "Keep the opinion apart from the facts.", expectedVersion: $v) { id status } }`,
    variables: async (t, o) => {
      const obs = await t.own(o, () => t.fx.observation('submitted'));
      return { id: obs.id, v: obs.version };
    },
    expect: row('A A F F F   U U U   N F   N'),
  },
  reviewAgreement: {
    document: `mutation M_reviewAgreement($id: ID!, $v: Int!, $input: ReviewAgreementInput!) {
      reviewAgreement(id: $id, expectedVersion: $v, input: $input) { id reviewDate } }`,
    variables: async (t) => ({
      id: t.ids.maisieAgreement,
      v: await t.fx.version('contact_agreement', t.ids.maisieAgreement),
      input: { summary: 'Contact going well; no change.', nextReviewDate: inDays(90) },
    }),
    expect: row('F F A F F   U U U   F N   F'),
  },
  saveObservationDraft: {
    document: `mutation M_saveObservationDraft($id: ID!, $v: Int!, $sections: [ObservationSectionInput!]!) {
      saveObservationDraft(id: $id, sections: $sections, expectedVersion: $v) { id version } }`,
    variables: async (t, o) => {
      const obs = await t.own(o, () => t.fx.observation('draft', t.ids.staff[DEMO.supervisor1]));
      return { id: obs.id, v: obs.version, sections: SECTIONS.slice(0, 2) };
    },
    expect: row('F A F F F   U U U   F F   F'),
  },
  setRoomCondition: {
    document: `mutation M_setRoomCondition($r: ID!, $v: Int!, $c: RoomCondition!) {
      setRoomCondition(roomId: $r, condition: $c, expectedVersion: $v) { id condition } }`,
    variables: async (t, o) => ({
      r: t.ids.room.Birch,
      v: await t.fx.version('room', t.ids.room.Birch!),
      c: o === 'manager' ? 'NEEDS_TIDYING' : 'READY',
    }),
    expect: row('A A F F F   U U U   N F   N'),
  },
  signAgreement: {
    // Signed in person today, as the social worker records it when the parent signs in front of them.
    document: `mutation M_signAgreement($id: ID!, $v: Int!, $at: DateTimeISO!) {
      signAgreement(id: $id, signedBy: "Efua Osei", expectedVersion: $v, signedAt: $at, signedVia: IN_PERSON) { id status } }`,
    variables: async (t, o) => {
      const a = await t.own(o, () => t.fx.draftAgreement());
      return { id: a.id, v: a.version, at: new Date().toISOString() };
    },
    expect: row('F F A F F   U U U   F N   F'),
  },
  // The meeting with the parent after a suspension: the child's social worker (docs/agreements.md).
  recordSuspensionMeeting: {
    document: `mutation M_recordSuspensionMeeting($input: RecordSuspensionMeetingInput!) {
      recordSuspensionMeeting(input: $input) { id status } }`,
    variables: async (t, o) => {
      const a = await t.own(o, () => t.fx.suspendedAgreement());
      return {
        input: {
          agreementId: a.id,
          heldAt: new Date(Date.now() - 60 * 60_000).toISOString(),
          familyMemberIds: [a.familyMemberId],
          agreed: 'The parent will phone the centre by 9am if she cannot come.',
        },
      };
    },
    expect: row('F F A F F   U U U   F N   F'),
  },
  // The parents' copy (docs/parents-copy.md): the child's social worker alone withholds, takes back and shares.
  withholdFromParentsCopy: {
    document: `mutation M_withholdFromParentsCopy($o: ID!) {
      withholdFromParentsCopy(observationId: $o, what: "Section C, second paragraph", reason: "Names the carer's street") {
        observationId withholdings { id } } }`,
    variables: (t) => ({ o: t.ids.maisieFinalObservation }),
    expect: row('F F A F F   U U U   F N   F'),
  },
  releaseParentsCopyWithholding: {
    document: `mutation M_releaseParentsCopyWithholding($w: ID!) {
      releaseParentsCopyWithholding(withholdingId: $w, reason: "The carers have moved.") { observationId } }`,
    variables: async (t, o) => ({ w: (await t.own(o, () => t.fx.withholding())).id }),
    expect: row('F F A F F   U U U   F N   F'),
  },
  recordParentsCopyShared: {
    document: `mutation M_recordParentsCopyShared($o: ID!, $with: [ID!]!, $at: DateTimeISO!) {
      recordParentsCopyShared(observationId: $o, sharedWith: $with, how: POST, at: $at) { observationId sharings { id } } }`,
    variables: (t) => ({
      o: t.ids.maisieFinalObservation,
      with: [t.ids.maisieParent],
      at: new Date(Date.now() - 60_000).toISOString(),
    }),
    expect: row('F F A F F   U U U   F N   F'),
  },
  signInAsDemoUser: {
    document: `mutation M_signInAsDemoUser($e: String!) { signInAsDemoUser(email: $e) { token } }`,
    variables: () => ({ e: DEMO.manager }),
    expect: row('A A A A A   A U U   A A   A'),
  },
  startObservation: {
    document: `mutation M_startObservation($s: ID!) { startObservation(sessionId: $s) { id status } }`,
    variables: async (t, o) => ({
      s: (await t.own(o, () => t.fx.session({ status: 'in_progress' }))).id,
    }),
    expect: row('F A F F F   U U U   F F   F'),
  },
  submitObservation: {
    document: `mutation M_submitObservation($id: ID!, $v: Int!) { submitObservation(id: $id, expectedVersion: $v) { id status } }`,
    variables: async (t, o) => {
      const obs = await t.own(o, () => t.fx.observation('draft', t.ids.staff[DEMO.supervisor1]));
      return { id: obs.id, v: obs.version };
    },
    expect: row('F A F F F   U U U   F F   F'),
  },
};

const LIVE = `cursor topic kind centreId childId`;

//                                                  manager supervisor socialWorker integrator admin
//                                                  anonymous expired forged otherManager otherSocialWorker
//                                                  neighbourManager
export const SUBSCRIPTIONS: Record<string, MatrixRow> = {
  flagChanged: {
    document: `subscription M_flagChanged($c: ID, $after: String) { flagChanged(centreId: $c, after: $after) { ${LIVE} } }`,
    variables: (t) => ({ c: t.ids.centre, after: t.after }),
    expect: row('A F A A F   U U U   N A   N'),
  },
  centreFiguresChanged: {
    document: `subscription M_centreFiguresChanged($c: ID!, $after: String) { centreFiguresChanged(centreId: $c, after: $after) { cursor topic } }`,
    variables: (t) => ({ c: t.ids.centre, after: t.after }),
    expect: row('A F F F F   U U U   N F   N'),
  },
  observationChanged: {
    document: `subscription M_observationChanged($c: ID, $after: String) { observationChanged(centreId: $c, after: $after) { ${LIVE} } }`,
    variables: (t) => ({ c: t.ids.centre, after: t.after }),
    expect: row('A F F F F   U U U   N F   N'),
  },
  roomBoardChanged: {
    document: `subscription M_roomBoardChanged($c: ID!, $after: String) { roomBoardChanged(centreId: $c, after: $after) { ${LIVE} } }`,
    variables: (t) => ({ c: t.ids.centre, after: t.after }),
    expect: row('A F F A F   U U U   N F   N'),
  },
  sessionChanged: {
    document: `subscription M_sessionChanged($c: ID, $child: ID, $after: String) {
      sessionChanged(centreId: $c, childId: $child, after: $after) { ${LIVE} } }`,
    variables: (t) => ({ c: t.ids.centre, child: t.ids.child.Maisie, after: t.after }),
    expect: row('A A A A F   U U U   N N   N'),
  },
};

export const MATRIX: Record<'query' | 'mutation' | 'subscription', Record<string, MatrixRow>> = {
  query: QUERIES,
  mutation: MUTATIONS,
  subscription: SUBSCRIPTIONS,
};
