import { formatLondonDate, formatLondonDateCy, formatLondonDateTime, reportDueFor } from '@kinroom/domain';
import { arDdydd, childFullName, clock, gyda, linkLine, type Template } from './compose.js';

/** The centre's managers: a session's observation record is past its due time and not final (rule 9). */
export const recordOverdueManager: Template = (c) => {
  const s = c.session!;
  const child = childFullName(c);
  const due = c.observation?.dueAt ?? reportDueFor(s, c.bankHolidayNation!);
  const owedBy = c.supervisor?.name ?? '';
  const date = formatLondonDate(s.startsAt);
  return {
    en: {
      subject: `Observation record overdue: ${child}, ${date}`,
      paragraphs: [
        `The observation record of the contact session for ${child} on ${date} at ${clock(s.startsAt)} was due by ${formatLondonDateTime(due)} and is not final.`,
        c.observation ? `It is with ${owedBy}.` : `Nobody has started it yet; it is owed by ${owedBy}.`,
        ...linkLine('Open the record:', c.links.record),
      ],
      text: `Kinroom: the observation record for ${child}’s session on ${date} is overdue.`,
    },
    cy: {
      subject: `Cofnod arsylwi yn hwyr: ${child}, ${formatLondonDateCy(s.startsAt)}`,
      paragraphs: [
        `Roedd cofnod arsylwi’r sesiwn gyswllt i ${child} ${arDdydd(s.startsAt)} am ${clock(s.startsAt)} i fod yn barod erbyn ${clock(due)} ${arDdydd(due)}, ac nid yw’n derfynol eto.`,
        c.observation
          ? `Mae’r cofnod ${gyda(owedBy)}.`
          : `Nid oes neb wedi dechrau’r cofnod eto; ${owedBy} sydd i’w ysgrifennu.`,
        ...linkLine('Agor y cofnod:', c.links.record),
      ],
      text: `Kinroom: mae cofnod arsylwi’r sesiwn i ${child} ${arDdydd(s.startsAt)} yn hwyr.`,
    },
  };
};
