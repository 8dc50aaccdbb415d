/**
 * What the dashboard checks of the chosen files before sending them (the API checks everything again): their names,
 * and that they fit in one request. docs/import.md.
 */

/** The files of a case-system export, in the order they are imported. */
export const IMPORT_FILE_NAMES = ['carers.csv', 'children.csv', 'family-members.csv', 'cases.csv'] as const;

/**
 * The most file text one request carries: the API takes at most 100,000 bytes per request, and the text is sent
 * inside JSON, where quotes and line ends take two bytes. Larger exports go through the command.
 */
export const MAX_UPLOAD_BYTES = 80_000;

export interface ChosenFile {
  name: string;
  content: string;
}

/** Bytes the files take in a request, as JSON text. */
export function uploadBytes(files: readonly ChosenFile[]): number {
  return new TextEncoder().encode(JSON.stringify(files)).length;
}

/** What is wrong with the choice, in words; null when it may be checked by the server. */
export function choiceProblem(files: readonly ChosenFile[]): string | null {
  if (files.length === 0) return 'Choose one or more of the export’s files first.';
  const unknown = files.filter(
    (f) => !(IMPORT_FILE_NAMES as readonly string[]).includes(f.name.toLowerCase()),
  );
  if (unknown.length > 0) {
    return `${unknown.map((f) => f.name).join(', ')}: name each file ${IMPORT_FILE_NAMES.join(', ')}, as docs/import.md says.`;
  }
  if (uploadBytes(files) > MAX_UPLOAD_BYTES) {
    return `These files are too large to send from the dashboard (at most about ${MAX_UPLOAD_BYTES / 1000} kB in all). Import them with the command: ./kinroom admin import (see docs/import.md).`;
  }
  return null;
}

/** Reads the chosen files as UTF-8 text. */
export async function readChosen(list: FileList | readonly File[]): Promise<ChosenFile[]> {
  return Promise.all(Array.from(list).map(async (f) => ({ name: f.name, content: await f.text() })));
}

const OUTCOME_WORDS: Record<string, [string, string]> = {
  CREATED: ['would be created', 'created'],
  UPDATED: ['would be updated', 'updated'],
  UNCHANGED: ['unchanged', 'unchanged'],
  REFUSED: ['refused', 'refused'],
};

/** An outcome in words, for a preview ("would be created") or an import ("created"). */
export function outcomeWords(outcome: string, dryRun: boolean): string {
  const words = OUTCOME_WORDS[outcome];
  return words ? words[dryRun ? 0 : 1] : outcome.toLowerCase();
}

/** The counts of a report or file in one sentence. */
export function countsSentence(
  c: { created: number; updated: number; unchanged: number; refused: number },
  dryRun: boolean,
): string {
  const w = dryRun ? 'would be ' : '';
  return `${c.created} ${w}created, ${c.updated} ${w}updated, ${c.unchanged} unchanged, ${c.refused} refused`;
}
