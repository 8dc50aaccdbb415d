import {
  formatLondonDate,
  formatLondonDateCy,
  formatLondonDateTime,
  STRIKES_TO_SUSPEND,
} from '@kinroom/domain';
import {
  arDdydd,
  childFullName,
  childShortName,
  clock,
  countCy,
  oDdydd,
  gyda,
  linkLine,
  list,
  type Template,
} from './compose.js';
import type { MessageContext } from './context.js';

/**
 * Contact suspended after three strikes (docs/domain.md rule 8). The family's is the dated written notice: the
 * decision, the reasons, how long, and what the parent can do, in English exactly as the suspension notice was
 * stored; the Welsh says the same from the same facts (the date, the sessions missed), and follows the domain's
 * English wording (`suspensionNotice` in packages/domain): a change to one is a change to the other.
 */

function facts(c: MessageContext) {
  const n = c.notice!;
  return {
    n,
    centre: c.centre?.name ?? '',
    issued: formatLondonDate(n.issuedAt),
    missed: c.missedStarts.length || n.missedSessionIds.length,
    missedEn: c.missedStarts.map(formatLondonDateTime).join('; '),
    missedCy: c.missedStarts.map((d) => `${formatLondonDateCy(d)} am ${clock(d)}`).join('; '),
  };
}

/** The notice's reasons in Welsh, as the parent reads them: the same facts as the English the notice stores. */
function reasonsCy(f: ReturnType<typeof facts>): string[] {
  return [
    `Fe wnaethoch chi golli ${countCy(f.missed)} sesiwn gyswllt yn olynol, ac ni ddywedoch wrth y ganolfan cyn iddynt ddechrau na allech ddod.`,
    `Y sesiynau a golloch oedd: ${f.missedCy}.`,
    `Mae eich cytundeb cyswllt yn dweud, os byddwch yn colli ${countCy(STRIKES_TO_SUSPEND)} sesiwn yn olynol heb ddweud wrthym ymlaen llaw pam, y bydd cyswllt yn dod i ben.`,
  ];
}

/** How long, in Welsh, as the notice says it to the parent. */
const DURATION_CY =
  'Hyd nes y gwneir cytundeb cyswllt newydd gyda gweithiwr cymdeithasol eich plentyn. Ni fydd cyswllt yn ailddechrau ohono’i hun.';

export const suspensionNoticeFamily: Template = (c) => {
  const f = facts(c);
  const child = childShortName(c);
  return {
    en: {
      subject: 'Contact suspended: written notice',
      paragraphs: [
        `This is the written notice of a decision about your contact with ${child} at ${f.centre}, dated ${f.issued}.`,
        `Decision: ${f.n.decision}`,
        `Why:\n${list(f.n.reasons)}`,
        `How long: ${f.n.duration}`,
        `What you can do:\n${list(f.n.parentActions)}`,
      ],
      text: `${f.centre}: contact with ${child} is suspended from ${f.issued}: ${f.missed} sessions in a row were missed without telling the centre beforehand. Please contact your child’s social worker to arrange a meeting.`,
    },
    cy: {
      subject: 'Cyswllt wedi’i atal: hysbysiad ysgrifenedig',
      paragraphs: [
        `Dyma’r hysbysiad ysgrifenedig, a roddwyd ${arDdydd(f.n.issuedAt)}, o benderfyniad am eich cyswllt ${gyda(child)} yn ${f.centre}.`,
        `Penderfyniad: Mae cyswllt o dan eich cytundeb cyswllt wedi’i atal ${oDdydd(f.n.issuedAt)}. Ni fydd rhagor o sesiynau cyswllt yn digwydd o dan y cytundeb hwn.`,
        `Pam:\n${list(reasonsCy(f))}`,
        `Am ba hyd: ${DURATION_CY}`,
        `Beth allwch chi ei wneud:\n${list([
          'Cysylltwch â gweithiwr cymdeithasol eich plentyn i drefnu cyfarfod. Rhaid i’r gweithiwr cymdeithasol gwrdd â chi cyn y gall cyswllt ailddechrau.',
          'Yn y cyfarfod hwnnw gallwch gytuno ar gytundeb cyswllt newydd gyda’r gweithiwr cymdeithasol. Bydd cyswllt yn ailddechrau pan fydd y cytundeb newydd wedi’i lofnodi.',
          'Os ydych yn anghytuno â’r penderfyniad hwn, gallwch ofyn i’r gweithiwr cymdeithasol neu ei reolwr ei adolygu, ei godi gyda Swyddog Adolygu Annibynnol eich plentyn, neu wneud cwyn drwy weithdrefn gwynion y cyngor.',
          'Gallwch hefyd wneud cais i’r llys teulu am orchymyn ynghylch cyswllt â’ch plentyn (Deddf Plant 1989, adran 34). Efallai y bydd gennych hawl i gyngor cyfreithiol am ddim gan gyfreithiwr teulu.',
        ])}`,
      ],
      text: `${f.centre}: mae cyswllt ${gyda(child)} wedi’i atal ${oDdydd(f.n.issuedAt)}: collwyd ${countCy(f.missed)} sesiwn yn olynol heb ddweud wrth y ganolfan ymlaen llaw. Cysylltwch â gweithiwr cymdeithasol eich plentyn i drefnu cyfarfod.`,
    },
  };
};

export const suspensionSocialWorker: Template = (c) => {
  const f = facts(c);
  const child = childFullName(c);
  return {
    en: {
      subject: `Contact suspended: ${child}`,
      paragraphs: [
        `Contact for ${child} at ${f.centre} was suspended on ${f.issued} after ${f.missed} unexplained absences in a row (${f.missedEn}).`,
        'The written notice is being sent to the family. You must meet the parent before a new agreement can restart contact.',
        ...linkLine('Open the child’s record:', c.links.child),
      ],
      text: `Kinroom: contact for ${child} was suspended on ${f.issued} after ${f.missed} unexplained absences in a row. Meet the parent before a new agreement.`,
    },
    cy: {
      subject: `Cyswllt wedi’i atal: ${child}`,
      paragraphs: [
        `Cafodd cyswllt i ${child} yn ${f.centre} ei atal ${arDdydd(f.n.issuedAt)} ar ôl i’r teulu golli ${countCy(f.missed)} sesiwn yn olynol heb esboniad (${f.missedCy}).`,
        'Mae’r hysbysiad ysgrifenedig yn cael ei anfon at y teulu. Rhaid i chi gwrdd â’r rhiant cyn y gall cytundeb newydd ailddechrau cyswllt.',
        ...linkLine('Agor cofnod y plentyn:', c.links.child),
      ],
      text: `Kinroom: cafodd cyswllt i ${child} ei atal ${arDdydd(f.n.issuedAt)} ar ôl ${countCy(f.missed)} sesiwn a gollwyd heb esboniad. Cwrddwch â’r rhiant cyn cytundeb newydd.`,
    },
  };
};

/**
 * The child's independent reviewing officer, told that contact was refused (suspended), as the regulations expect:
 * the child by full name, the decision, the notice's reasons and duration as the parent was given them, the sessions
 * missed and the social worker holding the case. An IRO is not a Kinroom user: no link into the dashboard. Never
 * the carer's identity or address.
 */
export const suspensionNoticeReviewingOfficer: Template = (c) => {
  const f = facts(c);
  const child = childFullName(c);
  const worker = c.socialWorker?.name ?? null;
  return {
    en: {
      subject: `Contact suspended: ${child}`,
      paragraphs: [
        `As ${child}’s independent reviewing officer, you are told that contact for ${child} at ${f.centre} was suspended on ${f.issued}, after ${f.missed} unexplained absences in a row.`,
        `Decision: ${f.n.decision}`,
        `The sessions missed: ${f.missedEn}.`,
        `The written notice, dated ${f.issued}, gave the parent these reasons:\n${list(f.n.reasons)}`,
        `How long: ${f.n.duration}`,
        worker
          ? `The child’s social worker is ${worker}. They must meet the parent before a new agreement can restart contact.`
          : 'The child’s social worker must meet the parent before a new agreement can restart contact.',
      ],
      text: `Kinroom: contact for ${child} was suspended on ${f.issued} after ${f.missed} unexplained absences in a row.`,
    },
    cy: {
      subject: `Cyswllt wedi’i atal: ${child}`,
      paragraphs: [
        `Fel swyddog adolygu annibynnol ${child}, rhoddir gwybod i chi fod cyswllt i ${child} yn ${f.centre} wedi’i atal ${arDdydd(f.n.issuedAt)}, ar ôl ${countCy(f.missed)} sesiwn a gollwyd yn olynol heb esboniad.`,
        `Penderfyniad: Mae cyswllt o dan y cytundeb cyswllt wedi’i atal ${oDdydd(f.n.issuedAt)}. Ni fydd rhagor o sesiynau cyswllt yn digwydd o dan y cytundeb hwn.`,
        `Y sesiynau a gollwyd: ${f.missedCy}.`,
        `Rhoddodd yr hysbysiad ysgrifenedig, a roddwyd ${arDdydd(f.n.issuedAt)}, y rhesymau hyn i’r rhiant:\n${list(reasonsCy(f))}`,
        `Am ba hyd: ${DURATION_CY}`,
        worker
          ? `Gweithiwr cymdeithasol y plentyn yw ${worker}. Rhaid iddynt gwrdd â’r rhiant cyn y gall cytundeb newydd ailddechrau cyswllt.`
          : 'Rhaid i weithiwr cymdeithasol y plentyn gwrdd â’r rhiant cyn y gall cytundeb newydd ailddechrau cyswllt.',
      ],
      text: `Kinroom: cafodd cyswllt i ${child} ei atal ${arDdydd(f.n.issuedAt)} ar ôl ${countCy(f.missed)} sesiwn a gollwyd heb esboniad.`,
    },
  };
};
