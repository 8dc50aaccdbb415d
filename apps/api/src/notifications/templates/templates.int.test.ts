import { FLAG_CATEGORY_LABELS, formatLondonDate, retentionDate, suspensionNotice } from '@kinroom/domain';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { seedBasics, sessionFor, type Basics } from '../../../test/fixtures.js';
import { AgreementParticipant, SuspensionNoticeRecord } from '../../agreements/agreement.entity.js';
import { make } from '../../db/make.js';
import { Observation } from '../../observations/observation.entity.js';
import { Carer, Child, ChildCase, FamilyMember } from '../../people/child.entity.js';
import { StaffUser } from '../../people/staff-user.entity.js';
import { SafeguardingFlag } from '../../safeguarding/flag.entity.js';
import { AbsenceNotice, Session } from '../../sessions/session.entity.js';
import type { ContactChannel, MessageLanguages, RecipientKind } from '../contact.js';
import { Message } from '../message.entity.js';
import { MESSAGE_PURPOSES, type MessagePurpose } from '../purposes.js';
import { reminderCause } from '../rules/plan.js';
import { writeMessage, type NotReachable, type WrittenMessage } from './index.js';

const DASHBOARD = 'https://kinroom.council.example';
// What must never reach a family member or a carer: the carer's identity and address, another family member, the
// child's surname, the centre's own note, and what a safeguarding flag is about.
const CARER = {
  name: 'Carys Zephyrine',
  address: '77 Quillon Mews, Hiddenholt, HT9 9ZZ',
  phone: '07700 900777',
};
const OTHER_FAMILY = { firstName: 'Ottoline', lastName: 'Vexworth' };
const NOTE = 'Carys Zephyrine rang to say Alex has a temperature';
const FLAG_DESCRIPTION = 'Ottoline whispered something worrying';

let db: TestDatabase;
let b: Basics;
let child: Child;
let carer: Carer;
let pat: FamilyMember;
let other: FamilyMember;
let cancelled: Session;
let upcoming: Session;
let excused: Session;
let ended: Session;
let notice: SuspensionNoticeRecord;
let missed: Session[];
let flag: SafeguardingFlag;
let observation: Observation;
let childCase: ChildCase;
const IRO = { name: 'Rae Reviewer', email: 'rae.iro@council.example' };

const em = () => db.orm.em.fork();

beforeAll(async () => {
  db = await createTestDatabase();
  b = await seedBasics(em(), 'Templates Council');
  const e = em();
  carer = make(Carer, { councilId: b.council.id, ...CARER, email: 'carys.z@carers.example' });
  child = make(Child, {
    councilId: b.council.id,
    firstName: 'Alex',
    lastName: 'Brookfield',
    dateOfBirth: '2018-03-01',
    retainUntil: retentionDate({ dateOfBirth: '2018-03-01' }),
    carerId: carer.id,
  });
  pat = make(FamilyMember, {
    councilId: b.council.id,
    firstName: 'Pat',
    lastName: 'Parent',
    email: 'pat@family.example',
    phone: '07700 900123',
    address: '2 High Street, Newtown, NT1 2AB',
  });
  other = make(FamilyMember, { councilId: b.council.id, ...OTHER_FAMILY, email: 'o.v@family.example' });
  e.persist([carer, child, pat, other]);
  childCase = make(ChildCase, {
    councilId: b.council.id,
    childId: child.id,
    socialWorkerId: b.socialWorker.id,
    reviewingOfficerName: IRO.name,
    reviewingOfficerEmail: IRO.email,
  });
  e.persist(childCase);
  const agreement = { ...b.agreement, childId: child.id } as Basics['agreement'];
  for (const m of [pat, other]) {
    e.persist(
      make(AgreementParticipant, {
        councilId: b.council.id,
        agreementId: b.agreement.id,
        familyMemberId: m.id,
      }),
    );
  }
  const on = (iso: string, over: Partial<Session> = {}) =>
    sessionFor({ ...b, child, agreement }, new Date(iso), 60, { agreementId: b.agreement.id, ...over });
  // Tuesday 24 November 2026, 16:00 London (GMT): the parent arrives by 15:45.
  cancelled = on('2026-11-24T16:00:00Z', {
    status: 'cancelled',
    cancelledAt: new Date('2026-11-20T09:00:00Z'),
    cancellationReason: 'child_ill',
    cancelledById: b.manager.id,
    cancellationNote: NOTE,
  });
  upcoming = on('2026-11-26T16:00:00Z');
  // The family has said they cannot come to this one (an absence notice).
  excused = on('2026-11-25T16:00:00Z');
  ended = on('2026-11-02T16:00:00Z', {
    status: 'ended',
    startedAt: new Date('2026-11-02T16:00:00Z'),
    endedAt: new Date('2026-11-02T17:00:00Z'),
  });
  missed = ['2026-10-05', '2026-10-12', '2026-10-19'].map((d) =>
    on(`${d}T15:00:00Z`, { status: 'not_attended', roomId: b.rooms[1]!.id }),
  );
  e.persist([cancelled, upcoming, excused, ended, ...missed]);
  const issuedAt = new Date('2026-10-19T17:30:00Z');
  const n = suspensionNotice(
    missed.map((s) => ({
      sessionId: s.id,
      scheduledStart: s.startsAt,
      outcome: 'unexplained_no_show' as const,
    })),
    issuedAt,
  );
  notice = make(SuspensionNoticeRecord, {
    councilId: b.council.id,
    agreementId: b.agreement.id,
    issuedAt,
    decision: n.decision,
    reasons: n.reasons,
    missedSessionIds: missed.map((s) => s.id),
    duration: n.duration,
    parentActions: n.parentActions,
  });
  flag = make(SafeguardingFlag, {
    councilId: b.council.id,
    centreId: b.centre.id,
    childId: child.id,
    category: 'disclosure',
    severity: 'high',
    description: FLAG_DESCRIPTION,
    raisedById: b.supervisors[0]!.id,
    raisedAt: new Date('2026-11-18T10:00:00Z'),
    acknowledgeBy: new Date('2026-11-18T11:00:00Z'),
  });
  observation = make(Observation, {
    councilId: b.council.id,
    sessionId: ended.id,
    childId: child.id,
    authorId: b.supervisors[0]!.id,
    dueAt: new Date('2026-11-09T23:59:59Z'),
  });
  e.persist([notice, flag, observation]);
  e.persist(
    make(AbsenceNotice, {
      councilId: b.council.id,
      sessionId: excused.id,
      receivedAt: new Date('2026-11-25T09:00:00Z'),
      recordedAt: new Date('2026-11-25T09:05:00Z'),
      receivedById: b.manager.id,
      givenBy: 'Pat Parent',
      reason: 'Bus strike',
    }),
  );
  await e.flush();
  await e.nativeUpdate(StaffUser, { id: b.manager.id }, { mobile: '07700 900001' });
});
afterAll(() => db.drop());

/** Each purpose: who it goes to, by which channels, and what it is about. */
const CASES: Record<MessagePurpose, () => { kind: RecipientKind; id: string; about: Partial<Message> }> = {
  session_cancelled_family: () => ({
    kind: 'family_member',
    id: pat.id,
    about: { sessionId: cancelled.id },
  }),
  session_cancelled_carer: () => ({
    kind: 'carer',
    id: carer.id,
    about: { sessionId: cancelled.id },
  }),
  session_cancelled_social_worker: () => ({
    kind: 'staff',
    id: b.socialWorker.id,
    about: { sessionId: cancelled.id },
  }),
  session_reminder_family: () => ({
    kind: 'family_member',
    id: pat.id,
    about: { sessionId: upcoming.id },
  }),
  absence_notice_social_worker: () => ({
    kind: 'staff',
    id: b.socialWorker.id,
    about: { sessionId: excused.id },
  }),
  suspension_notice_family: () => ({
    kind: 'family_member',
    id: pat.id,
    about: { agreementId: b.agreement.id },
  }),
  suspension_social_worker: () => ({
    kind: 'staff',
    id: b.socialWorker.id,
    about: { agreementId: b.agreement.id },
  }),
  suspension_notice_reviewing_officer: () => ({
    kind: 'reviewing_officer',
    id: childCase.id,
    about: { agreementId: b.agreement.id },
  }),
  flag_raised_social_worker: () => ({
    kind: 'staff',
    id: b.socialWorker.id,
    about: { flagId: flag.id },
  }),
  flag_escalated_manager: () => ({
    kind: 'staff',
    id: b.manager.id,
    about: { flagId: flag.id },
  }),
  record_overdue_manager: () => ({
    kind: 'staff',
    id: b.manager.id,
    about: { sessionId: ended.id, observationId: observation.id },
  }),
};

function message(purpose: MessagePurpose, channel: ContactChannel, languages: MessageLanguages): Message {
  const c = CASES[purpose]();
  return make(Message, {
    councilId: b.council.id,
    // A reminder's key names the start it was planned for, as the rules write it.
    dedupeKey:
      purpose === 'session_reminder_family'
        ? `${purpose}:${reminderCause(upcoming.id, upcoming.startsAt)}:${c.kind}:${c.id}:${channel}`
        : `test:${purpose}:${channel}:${languages}`,
    purpose,
    recipientKind: c.kind,
    recipientId: c.id,
    channel,
    languages,
    centreId: b.centre.id,
    childId: child.id,
    plannedAt: new Date('2026-11-20T09:00:00Z'),
    ...c.about,
  });
}

async function write(
  purpose: MessagePurpose,
  channel: ContactChannel,
  languages: MessageLanguages,
  dashboardUrl: string | null = DASHBOARD,
): Promise<WrittenMessage> {
  const r = await writeMessage(em(), message(purpose, channel, languages), { dashboardUrl });
  if ('notReachable' in r) throw new Error(`${purpose} by ${channel}: not reachable (${r.notReachable})`);
  return r;
}

/** The channels each purpose goes by (docs/notifications.md), and whether it goes to staff. */
const CHANNELS: Record<MessagePurpose, ContactChannel[]> = {
  session_cancelled_family: ['email', 'sms', 'letter'],
  session_cancelled_carer: ['email', 'sms'],
  session_cancelled_social_worker: ['email'],
  session_reminder_family: ['email', 'sms'],
  absence_notice_social_worker: ['email'],
  suspension_notice_family: ['letter', 'email', 'sms'],
  suspension_social_worker: ['email'],
  suspension_notice_reviewing_officer: ['email'],
  flag_raised_social_worker: ['email'],
  flag_escalated_manager: ['email', 'sms'],
  record_overdue_manager: ['email'],
};
const every = MESSAGE_PURPOSES.flatMap((p) => CHANNELS[p].map((c) => [p, c] as const));
const toProfessionals = (p: MessagePurpose) =>
  p.endsWith('_social_worker') || p.endsWith('_manager') || p.endsWith('_reviewing_officer');
const outsideStaff = every.filter(([p]) => !toProfessionals(p));

describe('writeMessage: every purpose, every channel, English and Welsh', () => {
  it.each(every)('%s by %s: English, and Welsh first then the same English', async (purpose, channel) => {
    const en = await write(purpose, channel, 'en');
    const cy = await write(purpose, channel, 'cy_en');
    expect(en.subject.length).toBeGreaterThan(5);
    expect(en.body.length).toBeGreaterThan(20);
    expect(en.body).not.toMatch(/undefined|null|NaN|\[object/);
    expect(cy.body).not.toMatch(/undefined|null|NaN|\[object/);
    // The Welsh comes first, then the English exactly as an English-only council sends it.
    expect(cy.subject.endsWith(` / ${en.subject}`)).toBe(true);
    expect(cy.body.endsWith(en.body)).toBe(true);
    const welsh = cy.body.slice(0, cy.body.length - en.body.length);
    expect(welsh.length).toBeGreaterThan(20);
    expect(welsh).toMatch(/ Tachwedd | Hydref |Kinroom: |Dydd |ddydd /);
    expect(cy.to).toEqual(en.to);
  });

  it.each(every.filter(([, c]) => c === 'sms'))('%s by text: short in English', async (purpose) => {
    const en = await write(purpose, 'sms', 'en');
    expect(en.body.length).toBeLessThan(306);
    expect((await write(purpose, 'sms', 'cy_en')).body.length).toBeLessThan(612);
  });
});

describe('writeMessage: what a family member or a carer never reads', () => {
  it.each(outsideStaff)('%s by %s', async (purpose, channel) => {
    for (const languages of ['en', 'cy_en'] as const) {
      const w = await write(purpose, channel, languages);
      const text = `${w.subject}\n${w.body}`;
      const own = CASES[purpose]().kind === 'carer';
      for (const secret of [
        ...(own
          ? []
          : [CARER.name, 'Carys', 'Zephyrine', '77 Quillon', 'Hiddenholt', 'HT9 9ZZ', CARER.phone, '900777']),
        OTHER_FAMILY.firstName,
        OTHER_FAMILY.lastName,
        'Brookfield',
        NOTE,
        FLAG_DESCRIPTION,
        b.socialWorker.name,
        b.supervisors[0]!.name,
      ]) {
        expect(text, `${purpose} by ${channel} (${languages}) names ${secret}`).not.toContain(secret);
      }
      expect(text).toContain('Alex');
      expect(JSON.stringify(w.to)).not.toContain('Zephyrine');
    }
  });
});

describe('writeMessage: what each message says', () => {
  it('tells the family of a cancellation: the centre, the day, their arrival time, why and what to do', async () => {
    const w = await write('session_cancelled_family', 'email', 'en');
    expect(w.to).toEqual({ email: 'pat@family.example' });
    expect(w.subject).toBe('Contact session cancelled: Tuesday 24 November 2026');
    expect(w.body).toContain('Dear Pat Parent,');
    expect(w.body).toContain(b.centre.name);
    expect(w.body).toContain('arrive by 15:45');
    expect(w.body).toContain('Alex B.');
    expect(w.body).toContain('because Alex is unwell');
    expect(w.body).toContain('Please do not come');
    const cy = await write('session_cancelled_family', 'email', 'cy_en');
    expect(cy.body.startsWith('Annwyl Pat Parent,')).toBe(true);
    expect(cy.body).toContain('ar ddydd Mawrth 24 Tachwedd 2026');
    expect(cy.body).toContain('Mae hyn oherwydd bod Alex yn sâl.');
  });

  it('names what was cancelled: a planning meeting is not a contact session, in English or in Welsh', async () => {
    const e = em();
    const meeting = sessionFor({ ...b, child }, new Date('2026-11-27T10:00:00Z'), 60, {
      kind: 'planning_meeting',
      status: 'cancelled',
      cancelledAt: new Date('2026-11-20T09:00:00Z'),
      cancelledById: b.manager.id,
      cancellationReason: 'other',
      cancellationNote: NOTE,
    });
    e.persist(meeting);
    await e.flush();
    const m = message('session_cancelled_family', 'email', 'cy_en');
    m.sessionId = meeting.id;
    const w = await writeMessage(em(), m);
    if ('notReachable' in w) throw new Error('not reachable');
    expect(w.subject).toBe(
      'Cyfarfod cynllunio wedi’i ganslo: Dydd Gwener 27 Tachwedd 2026 / Planning meeting cancelled: Friday 27 November 2026',
    );
    expect(w.body).toContain('Your planning meeting with Alex B.');
    expect(w.body).toContain('Mae eich cyfarfod cynllunio gydag Alex B.');
    expect(w.body).not.toContain(NOTE);
  });

  it('reminds the family the day before with their own arrival time and the centre’s address', async () => {
    const w = await write('session_reminder_family', 'sms', 'en');
    expect(w.to).toEqual({ phone: '07700 900123' });
    expect(w.body).toContain('Thursday 26 November 2026');
    expect(w.body).toContain('arrive by 15:45');
    expect(w.body).toContain('joins you at 16:00');
    const email = await write('session_reminder_family', 'email', 'en');
    expect(email.body).toContain(`${b.centre.name}, ${b.centre.address}`);
  });

  it('writes the suspension notice as a letter dated in its text: decision, reasons, how long, and what the parent can do', async () => {
    const w = await write('suspension_notice_family', 'letter', 'en');
    expect(w.to).toEqual({ addressLines: ['Pat Parent', '2 High Street', 'Newtown', 'NT1 2AB'] });
    // The date of the decision, in the notice's own words (Notify dates the page with the day it is sent).
    expect(w.body).toContain(`dated ${formatLondonDate(notice.issuedAt)}.`);
    expect(w.body).toContain(notice.decision);
    for (const line of [...notice.reasons, notice.duration, ...notice.parentActions])
      expect(w.body).toContain(line);
    expect(w.body).toContain('Yours sincerely,');
    const cy = await write('suspension_notice_family', 'letter', 'cy_en');
    expect(cy.body).toContain('a roddwyd ar ddydd Llun 19 Hydref 2026');
    expect(cy.body).toContain('tair sesiwn gyswllt yn olynol');
    expect(cy.body).toContain('Yn gywir,');
  });

  it.each(every.filter(([, c]) => c === 'letter'))(
    '%s by letter: the body only, as GOV.UK Notify prints the address, the date and the heading itself',
    async (purpose) => {
      for (const languages of ['en', 'cy_en'] as const) {
        const w = await write(purpose, 'letter', languages);
        // Greeted, then the message, then signed off by the centre.
        expect(w.body.startsWith(languages === 'en' ? 'Dear Pat Parent,' : 'Annwyl Pat Parent,')).toBe(true);
        expect(w.body.endsWith(`Yours sincerely,\n${b.centre.name}`)).toBe(true);
        // Never a second heading, a second date of sending or a second address block.
        for (const heading of w.subject.split(' / ')) expect(w.body).not.toContain(heading);
        expect(w.body).not.toContain('Friday 20 November 2026');
        expect(w.body).not.toContain('Dydd Gwener 20 Tachwedd 2026');
        expect(w.body).not.toContain('2 High Street');
      }
    },
  );

  it('names the child in full to staff and links to the page, with no link when the address is unknown', async () => {
    const w = await write('session_cancelled_social_worker', 'email', 'en');
    expect(w.body).toContain('Alex Brookfield');
    expect(w.body).toContain(NOTE);
    expect(w.body).toContain(`${DASHBOARD}/children/${child.id}`);
    const none = await write('session_cancelled_social_worker', 'email', 'en', null);
    expect(none.body).not.toContain('http');
    const record = await write('record_overdue_manager', 'email', 'en');
    expect(record.body).toContain(`${DASHBOARD}/desk/records/${observation.id}`);
    expect(record.body).toContain(b.supervisors[0]!.name);
  });

  it('links staff only to pages the dashboard has, by id alone', async () => {
    // The dashboard's routes, as its router declares them: `/children/:id` matches `/children/<id>`.
    const routes = readFileSync(
      new URL('../../../../dashboard/src/app/feature-routes.ts', import.meta.url),
      'utf8',
    );
    const pages = [...routes.matchAll(/path: '([^']+)'/g)].map(
      ([, path]) => new RegExp(`^${path!.replace(/:[A-Za-z]+/g, '[0-9a-f-]{36}')}$`),
    );
    const staff = every.filter(([p]) => p.endsWith('_social_worker') || p.endsWith('_manager'));
    let links = 0;
    for (const [purpose, channel] of staff) {
      const w = await write(purpose, channel, 'cy_en');
      for (const [url] of w.body.matchAll(/https?:\/\/\S+/g)) {
        links++;
        expect(url.startsWith(`${DASHBOARD}/`), url).toBe(true);
        const path = url.slice(DASHBOARD.length);
        expect(
          pages.some((page) => page.test(path)),
          `${purpose}: ${path} is a page of the dashboard`,
        ).toBe(true);
        // Nothing but the page and an id: no name, no query.
        expect(path).toMatch(/^(\/[a-z-]+|\/[0-9a-f-]{36})+$/);
      }
    }
    expect(links).toBeGreaterThanOrEqual(staff.length);
  });

  it('tells the child’s reviewing officer of the suspension: the child, the decision, the notice’s reasons and how long, the sessions missed, the social worker, and no link', async () => {
    const w = await write('suspension_notice_reviewing_officer', 'email', 'en');
    expect(w.to).toEqual({ email: IRO.email });
    expect(w.subject).toBe('Contact suspended: Alex Brookfield');
    expect(w.body.startsWith(`Dear ${IRO.name},`)).toBe(true);
    expect(w.body).toContain('Alex Brookfield');
    expect(w.body).toContain(notice.decision);
    for (const line of [...notice.reasons, notice.duration]) expect(w.body).toContain(line);
    expect(w.body).toContain(`dated ${formatLondonDate(notice.issuedAt)}`);
    expect(w.body).toContain(
      'The sessions missed: Monday 5 October 2026 at 16:00; Monday 12 October 2026 at 16:00; Monday 19 October 2026 at 16:00.',
    );
    expect(w.body).toContain(`The child’s social worker is ${b.socialWorker.name}.`);
    const cy = await write('suspension_notice_reviewing_officer', 'email', 'cy_en');
    expect(cy.body.startsWith(`Annwyl ${IRO.name},`)).toBe(true);
    expect(cy.body).toContain('swyddog adolygu annibynnol Alex Brookfield');
    expect(cy.body).toContain('ar ddydd Llun 19 Hydref 2026');
    expect(cy.body).toContain('tair sesiwn');
    expect(cy.body).toContain(`Gweithiwr cymdeithasol y plentyn yw ${b.socialWorker.name}.`);
    // An IRO is not a Kinroom user: no link into the dashboard, even when Kinroom knows its address; and never a
    // word of the carer or another family member.
    for (const text of [`${w.subject}\n${w.body}`, `${cy.subject}\n${cy.body}`]) {
      expect(text).not.toMatch(/https?:/);
      expect(text).not.toContain(DASHBOARD);
      for (const secret of [
        CARER.name,
        'Carys',
        'Zephyrine',
        '77 Quillon',
        'Hiddenholt',
        'HT9 9ZZ',
        CARER.phone,
        '900777',
        OTHER_FAMILY.firstName,
        OTHER_FAMILY.lastName,
        NOTE,
        FLAG_DESCRIPTION,
      ]) {
        expect(text, `names ${secret}`).not.toContain(secret);
      }
    }
  });

  it('keeps what a flag is about in Kinroom', async () => {
    for (const purpose of ['flag_raised_social_worker', 'flag_escalated_manager'] as const) {
      for (const channel of CHANNELS[purpose]) {
        const w = await write(purpose, channel, 'cy_en');
        expect(w.body).not.toContain(FLAG_DESCRIPTION);
        expect(w.body).not.toContain(FLAG_CATEGORY_LABELS.disclosure);
        expect(w.body).toContain('high');
        expect(w.body).toContain('uchel');
      }
    }
  });
});

describe('writeMessage: the person as their record reads now', () => {
  const reach = (m: Message) => writeMessage(em(), m) as Promise<WrittenMessage | NotReachable>;

  it('stops a message to a person who asked not to be contacted after it was planned', async () => {
    await em().nativeUpdate(FamilyMember, { id: pat.id }, { doNotContact: true });
    try {
      expect(await reach(message('session_cancelled_family', 'email', 'en'))).toEqual({
        notReachable: 'do_not_contact',
      });
    } finally {
      await em().nativeUpdate(FamilyMember, { id: pat.id }, { doNotContact: false });
    }
  });

  it('stops a message whose detail was removed, and one to a member of staff no longer active', async () => {
    await em().nativeUpdate(Carer, { id: carer.id }, { email: null });
    await em().nativeUpdate(StaffUser, { id: b.manager.id }, { active: false });
    try {
      expect(await reach(message('session_cancelled_carer', 'email', 'en'))).toEqual({
        notReachable: 'no_contact_details',
      });
      expect(await reach(message('flag_escalated_manager', 'sms', 'en'))).toEqual({
        notReachable: 'no_contact_details',
      });
    } finally {
      await em().nativeUpdate(Carer, { id: carer.id }, { email: 'carys.z@carers.example' });
      await em().nativeUpdate(StaffUser, { id: b.manager.id }, { active: true });
    }
  });
});

describe('writeMessage: the reviewing officer as the case reads now', () => {
  const reach = (m: Message) => writeMessage(em(), m) as Promise<WrittenMessage | NotReachable>;

  it('is not sent once the IRO’s email is cleared from the case, nor once the case is closed', async () => {
    await em().nativeUpdate(ChildCase, { id: childCase.id }, { reviewingOfficerEmail: null });
    try {
      expect(await reach(message('suspension_notice_reviewing_officer', 'email', 'en'))).toEqual({
        notReachable: 'no_contact_details',
      });
    } finally {
      await em().nativeUpdate(ChildCase, { id: childCase.id }, { reviewingOfficerEmail: IRO.email });
    }
    await em().nativeUpdate(ChildCase, { id: childCase.id }, { closedAt: new Date() });
    try {
      expect(await reach(message('suspension_notice_reviewing_officer', 'email', 'en'))).toEqual({
        notReachable: 'no_contact_details',
      });
    } finally {
      await em().nativeUpdate(ChildCase, { id: childCase.id }, { closedAt: null });
    }
  });

  it('greets an IRO recorded without a name by their role', async () => {
    await em().nativeUpdate(ChildCase, { id: childCase.id }, { reviewingOfficerName: null });
    try {
      const w = await write('suspension_notice_reviewing_officer', 'email', 'en');
      expect(w.body.startsWith('Dear Independent Reviewing Officer,')).toBe(true);
    } finally {
      await em().nativeUpdate(ChildCase, { id: childCase.id }, { reviewingOfficerName: IRO.name });
    }
  });
});

describe('writeMessage: a reminder for a session no longer happening as planned', () => {
  const reminder = () =>
    writeMessage(em(), message('session_reminder_family', 'email', 'en')) as Promise<
      WrittenMessage | NotReachable
    >;

  it('is written for a session still scheduled at the start it was planned for', async () => {
    expect(await reminder()).toHaveProperty('body');
  });

  it('is not needed once the session is cancelled', async () => {
    const cancellation = {
      cancelledAt: new Date('2026-11-25T18:00:00Z'),
      cancellationReason: 'child_ill',
      cancelledById: b.manager.id,
    } as const;
    await em().nativeUpdate(Session, { id: upcoming.id }, { status: 'cancelled', ...cancellation });
    try {
      expect(await reminder()).toEqual({ notReachable: 'no_longer_needed' });
    } finally {
      await em().nativeUpdate(
        Session,
        { id: upcoming.id },
        { status: 'scheduled', cancelledAt: null, cancellationReason: null, cancelledById: null },
      );
    }
  });

  it('is not needed once the session is moved; the reminder planned for its new start is written', async () => {
    const later = (d: Date) => new Date(d.getTime() + 24 * 3600_000);
    const planned = message('session_reminder_family', 'email', 'en');
    await em().nativeUpdate(
      Session,
      { id: upcoming.id },
      { startsAt: later(upcoming.startsAt), endsAt: later(upcoming.endsAt) },
    );
    try {
      expect(await writeMessage(em(), planned)).toEqual({ notReachable: 'no_longer_needed' });
      const again = message('session_reminder_family', 'email', 'en');
      again.dedupeKey = `session_reminder_family:${reminderCause(upcoming.id, later(upcoming.startsAt))}:family_member:${pat.id}:email`;
      const w = await writeMessage(em(), again);
      expect(w).toHaveProperty('body');
      expect((w as WrittenMessage).body).toContain('Friday 27 November 2026');
    } finally {
      await em().nativeUpdate(
        Session,
        { id: upcoming.id },
        { startsAt: upcoming.startsAt, endsAt: upcoming.endsAt },
      );
    }
  });

  it('is not needed once the family has said they cannot come', async () => {
    const m = message('session_reminder_family', 'email', 'en');
    m.sessionId = excused.id;
    m.dedupeKey = `session_reminder_family:${reminderCause(excused.id, excused.startsAt)}:family_member:${pat.id}:email`;
    expect(await writeMessage(em(), m)).toEqual({ notReachable: 'no_longer_needed' });
  });
});
