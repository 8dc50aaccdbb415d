import { FLAG_SEVERITY_LABELS, formatLondonDateTime, type FlagSeverity } from '@kinroom/domain';
import { arDdydd, childFullName, childShortName, clock, linkLine, type Template } from './compose.js';
import type { MessageContext } from './context.js';

/**
 * Safeguarding flags (docs/domain.md rule 10). A message names the child, the centre, the severity and when: what
 * happened, and its category, stay in Kinroom, behind its access rules, and never travel by email or text.
 */

const SEVERITY_CY: Record<FlagSeverity, string> = {
  low: 'isel',
  medium: 'canolig',
  high: 'uchel',
  critical: 'critigol',
};

/** What every message about a flag says of it: the flag, the child's full name, the centre, the severity in words. */
function aboutTheFlag(c: MessageContext) {
  const f = c.flag!;
  return {
    f,
    child: childFullName(c),
    centre: c.centre?.name ?? '',
    severity: FLAG_SEVERITY_LABELS[f.severity].toLowerCase(),
    severityCy: SEVERITY_CY[f.severity],
  };
}

export const flagRaisedSocialWorker: Template = (c) => {
  const { f, child, centre, severity, severityCy } = aboutTheFlag(c);
  return {
    en: {
      subject: `Safeguarding flag raised: ${child}`,
      paragraphs: [
        `A safeguarding flag of ${severity} severity was raised about ${child} at ${centre} on ${formatLondonDateTime(f.raisedAt)}.`,
        `Please read it and acknowledge it in Kinroom by ${formatLondonDateTime(f.acknowledgeBy)}. What happened is shown only in Kinroom, not in this message.`,
        ...linkLine('Open safeguarding:', c.links.safeguarding),
      ],
      text: `Kinroom: a ${severity} safeguarding flag was raised about ${childShortName(c)}. Please acknowledge it in Kinroom by ${clock(f.acknowledgeBy)}.`,
    },
    cy: {
      subject: `Baner diogelu wedi’i chodi: ${child}`,
      paragraphs: [
        `Codwyd baner diogelu o ddifrifoldeb ${severityCy} am ${child} yn ${centre} ${arDdydd(f.raisedAt)} am ${clock(f.raisedAt)}.`,
        `Darllenwch hi a’i chydnabod yn Kinroom erbyn ${clock(f.acknowledgeBy)} ${arDdydd(f.acknowledgeBy)}. Dim ond yn Kinroom y dangosir beth ddigwyddodd, nid yn y neges hon.`,
        ...linkLine('Agor diogelu:', c.links.safeguarding),
      ],
      text: `Kinroom: codwyd baner diogelu ${severityCy} am ${childShortName(c)}. Cydnabyddwch hi yn Kinroom erbyn ${clock(f.acknowledgeBy)}.`,
    },
  };
};

export const flagEscalatedManager: Template = (c) => {
  const { f, child, centre, severity, severityCy } = aboutTheFlag(c);
  return {
    en: {
      subject: `Safeguarding flag escalated: ${child}`,
      paragraphs: [
        `A safeguarding flag of ${severity} severity about ${child} at ${centre}, raised on ${formatLondonDateTime(f.raisedAt)}, was not acknowledged in time and has been escalated to you.`,
        'Please open it in Kinroom and make sure it is acknowledged now.',
        ...linkLine('Open safeguarding:', c.links.safeguarding),
      ],
      // A text shows on a locked phone: the child by first name and initial only.
      text: `Kinroom: a ${severity} safeguarding flag about ${childShortName(c)} at ${centre} was not acknowledged in time. Please make sure it is acknowledged now.`,
    },
    cy: {
      subject: `Baner diogelu wedi’i huwchgyfeirio: ${child}`,
      paragraphs: [
        `Ni chafodd baner diogelu o ddifrifoldeb ${severityCy} am ${child} yn ${centre}, a godwyd ${arDdydd(f.raisedAt)} am ${clock(f.raisedAt)}, ei chydnabod mewn pryd, ac mae wedi’i huwchgyfeirio atoch chi.`,
        'Agorwch hi yn Kinroom a gwnewch yn siŵr ei bod yn cael ei chydnabod nawr.',
        ...linkLine('Agor diogelu:', c.links.safeguarding),
      ],
      text: `Kinroom: ni chafodd baner diogelu ${severityCy} am ${childShortName(c)} yn ${centre} ei chydnabod mewn pryd. Gwnewch yn siŵr ei bod yn cael ei chydnabod nawr.`,
    },
  };
};
