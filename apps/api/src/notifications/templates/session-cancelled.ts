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

/**
 * What was cancelled, in each language's words: English takes the dashboard's label; Welsh needs the noun's gender
 * too (a "sesiwn" is feminine, an "ymweliad" and a "cyfarfod" masculine), which changes the words around it.
 */
const KIND: Record<
  SessionKind,
  { thisEn: string; cy: string; cancelledCy: string; thisCy: string; forItCy: string }
> = {
  contact: {
    thisEn: 'this session',
    cy: 'sesiwn gyswllt',
    cancelledCy: 'wedi’i chanslo',
    thisCy: 'y sesiwn hon',
    forItCy: 'ar ei chyfer',
  },
  pre_contact_visit: {
    thisEn: 'this visit',
    cy: 'ymweliad cyn cyswllt',
    cancelledCy: 'wedi’i ganslo',
    thisCy: 'yr ymweliad hwn',
    forItCy: 'ar ei gyfer',
  },
  planning_meeting: {
    thisEn: 'this meeting',
    cy: 'cyfarfod cynllunio',
    cancelledCy: 'wedi’i ganslo',
    thisCy: 'y cyfarfod hwn',
    forItCy: 'ar ei gyfer',
  },
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

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
    what: SESSION_KIND_LABELS[s.kind].toLowerCase(),
    kind: KIND[s.kind],
  };
}

export const sessionCancelledFamily: Template = (c) => {
  const f = facts(c);
  const { arriveByClock: arrive, childArrivesClock: from, childLeavesClock: until } = f.times;
  return {
    en: {
      subject: `${capital(f.what)} cancelled: ${f.date}`,
      paragraphs: [
        `Your ${f.what} with ${f.child} at ${f.centre} on ${f.date} has been cancelled. You were due to arrive by ${arrive}, for the session from ${from} to ${until}.`,
        f.whyEn,
        `Please do not come to the centre for ${f.kind.thisEn}. Your other sessions go ahead as booked.`,
        `If you have any questions, please contact the centre: ${f.centre}, ${f.address}.`,
      ],
      text: `${f.centre}: your ${f.what} with ${f.child} on ${f.date} (arrive by ${arrive}) is cancelled. ${f.whyEn} Please do not come. Your other sessions go ahead as booked.`,
    },
    cy: {
      subject: `${capital(f.kind.cy)} ${f.kind.cancelledCy}: ${f.dateCy}`,
      paragraphs: [
        `Mae eich ${f.kind.cy} ${gyda(f.child)} yn ${f.centre} ${arDdydd(f.s.startsAt)} ${f.kind.cancelledCy}. Roedd disgwyl i chi gyrraedd erbyn ${arrive}, ar gyfer y sesiwn o ${from} tan ${until}.`,
        f.whyCy,
        `Peidiwch â dod i’r ganolfan ar gyfer ${f.kind.thisCy}. Bydd eich sesiynau eraill yn mynd yn eu blaen fel y trefnwyd.`,
        `Os oes gennych unrhyw gwestiynau, cysylltwch â’r ganolfan: ${f.centre}, ${f.address}.`,
      ],
      text: `${f.centre}: mae eich ${f.kind.cy} ${gyda(f.child)} ${arDdydd(f.s.startsAt)} (cyrraedd erbyn ${arrive}) ${f.kind.cancelledCy}. ${f.whyCy} Peidiwch â dod. Bydd eich sesiynau eraill yn mynd yn eu blaen.`,
    },
  };
};

export const sessionCancelledCarer: Template = (c) => {
  const f = facts(c);
  const start = clock(f.s.startsAt);
  return {
    en: {
      subject: `${capital(f.what)} cancelled: ${f.date}`,
      paragraphs: [
        `The ${f.what} for ${f.child} at ${f.centre} on ${f.date} at ${start} has been cancelled.`,
        f.whyEn,
        `${f.first} does not need to be at the centre for ${f.kind.thisEn}, and any transport booked for it is not needed.`,
        `If you have any questions, please contact the centre: ${f.centre}, ${f.address}.`,
      ],
      text: `${f.centre}: the ${f.what} for ${f.child} on ${f.date} at ${start} is cancelled. ${f.whyEn} ${f.first} does not need to come to the centre.`,
    },
    cy: {
      subject: `${capital(f.kind.cy)} ${f.kind.cancelledCy}: ${f.dateCy}`,
      paragraphs: [
        `Mae’r ${f.kind.cy} i ${f.child} yn ${f.centre} ${arDdydd(f.s.startsAt)} am ${start} ${f.kind.cancelledCy}.`,
        f.whyCy,
        `Nid oes angen i ${f.first} fod yn y ganolfan ar gyfer ${f.kind.thisCy}, ac nid oes angen unrhyw gludiant a drefnwyd ${f.kind.forItCy}.`,
        `Os oes gennych unrhyw gwestiynau, cysylltwch â’r ganolfan: ${f.centre}, ${f.address}.`,
      ],
      text: `${f.centre}: mae’r ${f.kind.cy} i ${f.child} ${arDdydd(f.s.startsAt)} am ${start} ${f.kind.cancelledCy}. ${f.whyCy} Nid oes angen i ${f.first} ddod i’r ganolfan.`,
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
        `The ${f.what} for ${child} at ${f.centre} on ${f.date} at ${start} was cancelled.`,
        [`Reason: ${CANCELLATION_REASON_LABELS[f.reason]}.`, ...(note ? [`Note: ${note}`] : [])].join('\n'),
        ...linkLine('Open the child’s record:', c.links.child),
      ],
      text: `Kinroom: the session for ${child} at ${f.centre} on ${f.date} at ${start} is cancelled (${CANCELLATION_REASON_LABELS[f.reason]}).`,
    },
    cy: {
      subject: `Sesiwn wedi’i chanslo: ${child}, ${f.dateCy}`,
      paragraphs: [
        `Mae’r ${f.kind.cy} i ${child} yn ${f.centre} ${arDdydd(f.s.startsAt)} am ${start} ${f.kind.cancelledCy}.`,
        [`Rheswm: ${REASON_CY[f.reason]}.`, ...(note ? [`Nodyn: ${note}`] : [])].join('\n'),
        ...linkLine('Agor cofnod y plentyn:', c.links.child),
      ],
      text: `Kinroom: mae’r sesiwn i ${child} yn ${f.centre} ${arDdydd(f.s.startsAt)} am ${start} wedi’i chanslo (${REASON_CY[f.reason]}).`,
    },
  };
};
