import { familyTimes, formatLondonDate } from '@kinroom/domain';
import { arDdydd, childShortName, gyda, type Template } from './compose.js';

/**
 * The family's reminder the day before a contact session: the centre and its address, the day, and their own time to
 * arrive by, before the child is brought in (docs/domain.md rule 2); and what to do if they cannot come (rule 7).
 */
export const sessionReminderFamily: Template = (c) => {
  const s = c.session!;
  const t = familyTimes({ start: s.startsAt, end: s.endsAt });
  const child = childShortName(c);
  const first = c.child?.firstName ?? '';
  const centre = c.centre?.name ?? '';
  const where = c.centre ? `${c.centre.name}, ${c.centre.address}` : '';
  const date = formatLondonDate(s.startsAt);
  return {
    en: {
      subject: `Reminder: contact session on ${date}`,
      paragraphs: [
        `This is a reminder of your contact session with ${child} on ${date} at ${where}.`,
        `Please arrive by ${t.arriveByClock}. ${first} will join you at ${t.childArrivesClock}, and the session ends at ${t.childLeavesClock}.`,
        'If you cannot come, please tell the centre before the session starts.',
      ],
      text: `${centre} reminder: contact session with ${child} on ${date}. Please arrive by ${t.arriveByClock}; ${first} joins you at ${t.childArrivesClock}. If you cannot come, tell the centre before it starts.`,
    },
    cy: {
      subject: `Nodyn atgoffa: sesiwn gyswllt ${arDdydd(s.startsAt)}`,
      paragraphs: [
        `Dyma nodyn i’ch atgoffa am eich sesiwn gyswllt ${gyda(child)} ${arDdydd(s.startsAt)} yn ${where}.`,
        `Dewch erbyn ${t.arriveByClock}, os gwelwch yn dda. Bydd ${first} yn ymuno â chi am ${t.childArrivesClock}, a bydd y sesiwn yn gorffen am ${t.childLeavesClock}.`,
        'Os na allwch ddod, rhowch wybod i’r ganolfan cyn i’r sesiwn ddechrau.',
      ],
      text: `Nodyn atgoffa gan ${centre}: sesiwn gyswllt ${gyda(child)} ${arDdydd(s.startsAt)}. Dewch erbyn ${t.arriveByClock}; bydd ${first} yn ymuno â chi am ${t.childArrivesClock}. Os na allwch ddod, rhowch wybod i’r ganolfan cyn iddi ddechrau.`,
    },
  };
};
