import { formatLondonDateCy, formatLondonTime } from '@kinroom/domain';
import type { ContactChannel, MessageLanguages } from '../contact.js';
import type { MessageContext } from './context.js';

/**
 * One language's wording of a message: a subject (an email's subject, a letter's heading), the paragraphs of an
 * email or a letter, and the short text of a text message. Each template writes it in English and in Welsh side by
 * side, so the two stay in step.
 */
export interface Wording {
  subject: string;
  paragraphs: string[];
  text: string;
}

/** A template: the message's wording in both languages, from what it is about. */
export type Template = (c: MessageContext) => { en: Wording; cy: Wording };

/** The sign-off and greetings of each language. */
const FRAME = {
  en: { dear: 'Dear', yours: 'Yours sincerely,' },
  cy: { dear: 'Annwyl', yours: 'Yn gywir,' },
} as const;

/** What the channel is given to send: the subject and the plain-text body. */
export interface Composed {
  subject: string;
  body: string;
}

/**
 * The message as the channel sends it, in English, or in Welsh first and then English (Welsh language standards: a
 * council writing bilingually puts the Welsh first). A text message is the short text(s); an email greets the person
 * and gives the paragraphs; a letter greets them, gives the paragraphs and is signed off by the centre. A letter's body is only that: GOV.UK Notify prints the rest of the page itself (the recipient's address
 * block, the date the letter is sent, the subject as its heading, and the template's own contact block), so the body
 * repeats none of it (docs/notifications.md, "The Notify templates to create").
 */
export function compose(
  channel: ContactChannel,
  languages: MessageLanguages,
  c: MessageContext,
  words: { en: Wording; cy: Wording },
): Composed {
  const order = languages === 'cy_en' ? (['cy', 'en'] as const) : (['en'] as const);
  const subject = order.map((l) => words[l].subject).join(' / ');
  if (channel === 'sms') return { subject, body: order.map((l) => words[l].text).join('\n\n') };
  const parts = order.map((l) => {
    const w = words[l];
    const f = FRAME[l];
    const greeting = `${f.dear} ${c.to.name},`;
    if (channel === 'email') return [greeting, ...w.paragraphs].join('\n\n');
    return [greeting, ...w.paragraphs, [f.yours, c.centre?.name ?? ''].join('\n')].join('\n\n');
  });
  return { subject, body: parts.join('\n\n— — —\n\n') };
}

/** The child as someone outside the council's staff reads them named: first name and the initial of the last. */
export function childShortName(c: MessageContext): string {
  if (!c.child) return '';
  const initial = c.child.lastName.trim().charAt(0);
  return initial ? `${c.child.firstName} ${initial}.` : c.child.firstName;
}

/** The child as the dashboard names them to staff: first and last name. */
export function childFullName(c: MessageContext): string {
  return c.child ? `${c.child.firstName} ${c.child.lastName}` : '';
}

/** `HH:MM`, London time. */
export const clock = formatLondonTime;

/** A London date in Welsh after a word that softens it ("ar", "o"): "ddydd Mawrth 24 Tachwedd 2026". */
function softDateCy(d: Date): string {
  return formatLondonDateCy(d).replace(/^Dydd /, 'ddydd ');
}

/** "ar ddydd Mawrth 24 Tachwedd 2026": on a London date, in Welsh. */
export function arDdydd(d: Date): string {
  return `ar ${softDateCy(d)}`;
}

/** "o ddydd Mawrth 24 Tachwedd 2026": from a London date, in Welsh. */
export function oDdydd(d: Date): string {
  return `o ${softDateCy(d)}`;
}

/** Welsh "gyda" (with) before a name: "gydag" before a vowel. */
export function gyda(name: string): string {
  return /^[aeiouwyâêîôûŵŷ]/i.test(name) ? `gydag ${name}` : `gyda ${name}`;
}

const FEMININE_CY = ['dim', 'un', 'dwy', 'tair', 'pedair', 'pump', 'chwech', 'saith', 'wyth', 'naw', 'deg'];

/** A count of a feminine Welsh noun (sesiwn) in words, up to ten; digits beyond. */
export function countCy(n: number): string {
  return FEMININE_CY[n] ?? String(n);
}

/** A paragraph of lines, each after a dash. */
export function list(lines: readonly string[]): string {
  return lines.map((l) => `- ${l}`).join('\n');
}

/** A paragraph pointing at the dashboard page, or none when Kinroom does not know its own address. */
export function linkLine(prefix: string, url: string | null): string[] {
  return url ? [`${prefix} ${url}`] : [];
}
