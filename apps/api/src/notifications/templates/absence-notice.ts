import {
  formatLondonDate,
  formatLondonDateCy,
  formatLondonDateTime,
  noticeExplainsAbsence,
} from '@kinroom/domain';
import { arDdydd, childFullName, clock, linkLine, type Template } from './compose.js';

/** The child's social worker: the family has said they cannot come to a session (docs/domain.md rule 7). */
export const absenceNoticeSocialWorker: Template = (c) => {
  const s = c.session!;
  const n = c.absence;
  const child = childFullName(c);
  const centre = c.centre?.name ?? '';
  const date = formatLondonDate(s.startsAt);
  const start = clock(s.startsAt);
  const explained = n ? noticeExplainsAbsence(n, s.startsAt) : false;
  return {
    en: {
      subject: `Absence notice: ${child}, ${date}`,
      paragraphs: [
        `The centre has been told that the family cannot come to the contact session for ${child} at ${centre} on ${date} at ${start}.`,
        ...(n
          ? [
              `Told by ${n.givenBy} on ${formatLondonDateTime(n.receivedAt)}. Reason given: ${n.reason}`,
              explained
                ? 'The notice came before the session started, so the absence is explained.'
                : 'The notice came after the session started, so it does not explain the absence by itself.',
            ]
          : []),
        ...linkLine('Open the child’s record:', c.links.child),
      ],
      text: `Kinroom: the family cannot come to the session for ${child} at ${centre} on ${date} at ${start}.`,
    },
    cy: {
      subject: `Hysbysiad absenoldeb: ${child}, ${formatLondonDateCy(s.startsAt)}`,
      paragraphs: [
        `Mae’r ganolfan wedi cael gwybod na all y teulu ddod i’r sesiwn gyswllt i ${child} yn ${centre} ${arDdydd(s.startsAt)} am ${start}.`,
        ...(n
          ? [
              `Rhoddwyd gwybod gan ${n.givenBy} ${arDdydd(n.receivedAt)} am ${clock(n.receivedAt)}. Y rheswm a roddwyd: ${n.reason}`,
              explained
                ? 'Daeth yr hysbysiad cyn i’r sesiwn ddechrau, felly mae’r absenoldeb wedi’i esbonio.'
                : 'Daeth yr hysbysiad ar ôl i’r sesiwn ddechrau, felly nid yw’n esbonio’r absenoldeb ar ei ben ei hun.',
            ]
          : []),
        ...linkLine('Agor cofnod y plentyn:', c.links.child),
      ],
      text: `Kinroom: ni all y teulu ddod i’r sesiwn i ${child} yn ${centre} ${arDdydd(s.startsAt)} am ${start}.`,
    },
  };
};
