import {
  CANCELLATION_REASON_LABELS,
  familyTimes,
  formatLondonDate,
  formatLondonDateCy,
  SESSION_KIND_LABELS,
  type CancellationReason,
  type SessionKind,
} from '@kinroom/domain';
import { arDdydd, childFullName, childShortName, clock, gyda, linkLine, type Template } from './compose.js';
import type { MessageContext } from './context.js';

/**
 * A cancelled session (docs/domain.md rule 6), to the family, the child's carer and the child's social worker. The
 * family and the carer are told why in plain words, never the centre's own note (which may name other people); the
 * social worker sees the reason and the note as the dashboard shows them.
 */

/** Why, in plain words to the family or the carer: the child's first name only. */
const WHY: Record<CancellationReason, { en: (child: string) => string; cy: (child: string) => string }> = {
  child_ill: {
    en: (c) => `This is because ${c} is unwell.`,
    cy: (c) => `Mae hyn oherwydd bod ${c} yn sâl.`,
  },
  medical_appointment: {
    en: (c) => `This is because ${c} has a medical appointment.`,
    cy: (c) => `Mae hyn oherwydd bod gan ${c} apwyntiad meddygol.`,
  },
  school_appointment: {
    en: (c) => `This is because ${c} has a school appointment.`,
    cy: (c) => `Mae hyn oherwydd bod gan ${c} apwyntiad yn yr ysgol.`,
  },
  other: {
    en: () => 'We are sorry: the centre cannot hold the session that day.',
    cy: () => 'Mae’n ddrwg gennym: ni all y ganolfan gynnal y sesiwn y diwrnod hwnnw.',
  },
};

/** The reason's label in Welsh, beside the dashboard's English one (for staff). */
const REASON_CY: Record<CancellationReason, string> = {
  child_ill: 'Mae’r plentyn yn sâl',
  medical_appointment: 'Mae gan y plentyn apwyntiad meddygol',
  school_appointment: 'Mae gan y plentyn apwyntiad ysgol',
  other: 'Rheswm arall',
};

const KIND_CY: Record<SessionKind, string> = {
  contact: 'sesiwn gyswllt',
  pre_contact_visit: 'ymweliad cyn cyswllt',
  planning_meeting: 'cyfarfod cynllunio',
};

function facts(c: MessageContext) {
  const s = c.session!;
  const reason = s.cancellationReason ?? 'other';
  const first = c.child?.firstName ?? '';
  return {
    s,
    reason,
    first,
    child: childShortName(c),
    centre: c.centre?.name ?? '',
    address: c.centre?.address ?? '',
    date: formatLondonDate(s.startsAt),
    dateCy: formatLondonDateCy(s.startsAt),
    times: familyTimes({ start: s.startsAt, end: s.endsAt }),
    whyEn: WHY[reason].en(first),
    whyCy: WHY[reason].cy(first),
  };
}

export const sessionCancelledFamily: Template = (c) => {
  const f = facts(c);
  const { arriveByClock: arrive, childArrivesClock: from, childLeavesClock: until } = f.times;
  return {
    en: {
      subject: `Contact session cancelled: ${f.date}`,
      paragraphs: [
        `Your contact session with ${f.child} at ${f.centre} on ${f.date} has been cancelled. You were due to arrive by ${arrive}, for the session from ${from} to ${until}.`,
        f.whyEn,
        'Please do not come to the centre for this session. Your other sessions go ahead as booked.',
        `If you have any questions, please contact the centre: ${f.centre}, ${f.address}.`,
      ],
      text: `${f.centre}: your contact session with ${f.child} on ${f.date} (arrive by ${arrive}) is cancelled. ${f.whyEn} Please do not come. Your other sessions go ahead as booked.`,
    },
    cy: {
      subject: `Sesiwn gyswllt wedi’i chanslo: ${f.dateCy}`,
      paragraphs: [
        `Mae eich sesiwn gyswllt ${gyda(f.child)} yn ${f.centre} ${arDdydd(f.s.startsAt)} wedi’i chanslo. Roedd disgwyl i chi gyrraedd erbyn ${arrive}, ar gyfer y sesiwn o ${from} tan ${until}.`,
        f.whyCy,
        'Peidiwch â dod i’r ganolfan ar gyfer y sesiwn hon. Bydd eich sesiynau eraill yn mynd yn eu blaen fel y trefnwyd.',
        `Os oes gennych unrhyw gwestiynau, cysylltwch â’r ganolfan: ${f.centre}, ${f.address}.`,
      ],
      text: `${f.centre}: mae eich sesiwn gyswllt ${gyda(f.child)} ${arDdydd(f.s.startsAt)} (cyrraedd erbyn ${arrive}) wedi’i chanslo. ${f.whyCy} Peidiwch â dod. Bydd eich sesiynau eraill yn mynd yn eu blaen.`,
    },
  };
};

export const sessionCancelledCarer: Template = (c) => {
  const f = facts(c);
  const start = clock(f.s.startsAt);
  return {
    en: {
      subject: `Contact session cancelled: ${f.date}`,
      paragraphs: [
        `The contact session for ${f.child} at ${f.centre} on ${f.date} at ${start} has been cancelled.`,
        f.whyEn,
        `${f.first} does not need to be at the centre for this session, and any transport booked for it is not needed.`,
        `If you have any questions, please contact the centre: ${f.centre}, ${f.address}.`,
      ],
      text: `${f.centre}: the contact session for ${f.child} on ${f.date} at ${start} is cancelled. ${f.whyEn} ${f.first} does not need to come to the centre.`,
    },
    cy: {
      subject: `Sesiwn gyswllt wedi’i chanslo: ${f.dateCy}`,
      paragraphs: [
        `Mae’r sesiwn gyswllt i ${f.child} yn ${f.centre} ${arDdydd(f.s.startsAt)} am ${start} wedi’i chanslo.`,
        f.whyCy,
        `Nid oes angen i ${f.first} fod yn y ganolfan ar gyfer y sesiwn hon, ac nid oes angen unrhyw gludiant a drefnwyd ar ei chyfer.`,
        `Os oes gennych unrhyw gwestiynau, cysylltwch â’r ganolfan: ${f.centre}, ${f.address}.`,
      ],
      text: `${f.centre}: mae’r sesiwn gyswllt i ${f.child} ${arDdydd(f.s.startsAt)} am ${start} wedi’i chanslo. ${f.whyCy} Nid oes angen i ${f.first} ddod i’r ganolfan.`,
    },
  };
};

export const sessionCancelledSocialWorker: Template = (c) => {
  const f = facts(c);
  const child = childFullName(c);
  const start = clock(f.s.startsAt);
  const note = f.s.cancellationNote;
  return {
    en: {
      subject: `Session cancelled: ${child}, ${f.date}`,
      paragraphs: [
        `The ${SESSION_KIND_LABELS[f.s.kind].toLowerCase()} for ${child} at ${f.centre} on ${f.date} at ${start} was cancelled.`,
        [`Reason: ${CANCELLATION_REASON_LABELS[f.reason]}.`, ...(note ? [`Note: ${note}`] : [])].join('\n'),
        ...linkLine('Open the child’s record:', c.links.child),
      ],
      text: `Kinroom: the session for ${child} at ${f.centre} on ${f.date} at ${start} is cancelled (${CANCELLATION_REASON_LABELS[f.reason]}).`,
    },
    cy: {
      subject: `Sesiwn wedi’i chanslo: ${child}, ${f.dateCy}`,
      paragraphs: [
        `Mae’r sesiwn (${KIND_CY[f.s.kind]}) i ${child} yn ${f.centre} ${arDdydd(f.s.startsAt)} am ${start} wedi’i chanslo.`,
        [`Rheswm: ${REASON_CY[f.reason]}.`, ...(note ? [`Nodyn: ${note}`] : [])].join('\n'),
        ...linkLine('Agor cofnod y plentyn:', c.links.child),
      ],
      text: `Kinroom: mae’r sesiwn i ${child} yn ${f.centre} ${arDdydd(f.s.startsAt)} am ${start} wedi’i chanslo (${REASON_CY[f.reason]}).`,
    },
  };
};
