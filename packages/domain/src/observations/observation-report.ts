/**
 * The supervisor's written observations of a session, and their review (docs/domain.md rule 9).
 */

/** Where a report is in its review. */
export type ObservationStatus = 'draft' | 'submitted' | 'approved' | 'final';

/** Every {@link ObservationStatus}, in order. */
export const OBSERVATION_STATUSES = [
  'draft',
  'submitted',
  'approved',
  'final',
] as const satisfies readonly ObservationStatus[];

/** What can be done to a report. */
export type ObservationAction = 'submit' | 'approve' | 'return' | 'finalise' | 'edit';

/** Every {@link ObservationAction}. */
export const OBSERVATION_ACTIONS = [
  'submit',
  'approve',
  'return',
  'finalise',
  'edit',
] as const satisfies readonly ObservationAction[];

/**
 * The structured sections of a report, in the order rule 9 lists them: arrival and greetings, activities,
 * the nature of interactions, behaviours, attitudes, the child's response, any intervention and guidance
 * given, and suggestions to improve contact.
 */
export const OBSERVATION_SECTIONS = [
  { key: 'arrival_and_greetings', label: 'Arrival and greetings' },
  { key: 'activities', label: 'Activities' },
  { key: 'interactions', label: 'Nature of interactions' },
  { key: 'behaviours', label: 'Behaviours' },
  { key: 'attitudes', label: 'Attitudes' },
  { key: 'child_response', label: "The child's response" },
  { key: 'interventions_and_guidance', label: 'Interventions and guidance given' },
  { key: 'suggestions', label: 'Suggestions to improve contact' },
] as const;

/** The key of one of the {@link OBSERVATION_SECTIONS}. */
export type ObservationSectionKey = (typeof OBSERVATION_SECTIONS)[number]['key'];

/** Every {@link ObservationSectionKey}, in order. */
export const OBSERVATION_SECTION_KEYS: readonly ObservationSectionKey[] = OBSERVATION_SECTIONS.map(
  (s) => s.key,
);

/**
 * One section of a report. Rule 9 keeps facts and direct statements (what was seen and heard, quotes)
 * apart from the supervisor's opinion, because reports can go to court, where the two weigh differently.
 */
export interface ObservationSection {
  key: ObservationSectionKey;
  /** What was seen and heard, including direct quotes. */
  facts: string;
  /** The supervisor's interpretation; may be empty. */
  opinion: string;
}

/**
 * The text a supervisor writes in `facts` when a section genuinely has nothing to report, so that an empty
 * section always means "not filled in" and never "nothing happened".
 */
export const NOTHING_TO_RECORD = 'Nothing to record';

/** A problem that stops a report being submitted. */
export interface ObservationProblem {
  key: string;
  message: string;
}

/**
 * Checks a report before it is submitted: every section of rule 9 is present exactly once and has facts,
 * or the explicit {@link NOTHING_TO_RECORD}. Opinion is optional: a supervisor may have none. Unknown
 * section keys are reported too, since anything outside the structure would not be reviewed.
 */
export function validateObservationForSubmit(sections: readonly ObservationSection[]): ObservationProblem[] {
  const problems: ObservationProblem[] = [];
  const seen = new Map<string, number>();
  for (const s of sections) seen.set(s.key, (seen.get(s.key) ?? 0) + 1);
  for (const key of seen.keys()) {
    if (!(OBSERVATION_SECTION_KEYS as readonly string[]).includes(key)) {
      problems.push({ key, message: `"${key}" is not a section of an observation report` });
    }
  }
  for (const { key, label } of OBSERVATION_SECTIONS) {
    const count = seen.get(key) ?? 0;
    if (count === 0) {
      problems.push({ key, message: `${label}: this section is missing` });
      continue;
    }
    if (count > 1) problems.push({ key, message: `${label}: this section appears ${count} times` });
    const section = sections.find((s) => s.key === key);
    if (section !== undefined && section.facts.trim() === '') {
      problems.push({
        key,
        message: `${label}: record what was seen and heard, or write "${NOTHING_TO_RECORD}"`,
      });
    }
  }
  return problems;
}

/** The result of asking whether a report may move on. */
export type ObservationTransition =
  | { ok: true; to: ObservationStatus }
  | { ok: false; reason: string; code: 'observation/invalid-transition' | 'observation/not-allowed' };

function refuse(
  reason: string,
  code: 'observation/invalid-transition' | 'observation/not-allowed' = 'observation/invalid-transition',
): ObservationTransition {
  return { ok: false, reason, code };
}

const FINAL_REFUSAL = 'A final report is never edited or changed; add a dated, signed addendum to amend it';

/**
 * The review workflow of an observation report (rule 9):
 *
 * `draft` —submit→ `submitted` —approve→ `approved` —finalise→ `final`
 *
 * - **Only the author edits or submits** a draft: the evidence is theirs and must read in their words.
 * - **The reviewer is never the author** (rule 9: "checked by someone other than its author"), so the author
 *   cannot approve their own report.
 * - **`return`** sends a submitted or approved report back to `draft` for the author to change; the API
 *   records the reason. The author may also use it to withdraw a submission.
 * - **Approve and finalise are two steps.** Approval records that someone other than the author checked it;
 *   finalising is the moment it becomes the record that is shared with the social worker and may go to court.
 *   Keeping them apart lets a manager approve a batch and release it deliberately, and lets a late correction
 *   (returned from `approved`) happen before anything is issued. Anyone allowed to see the report may
 *   finalise it once approved, because the check has already been done.
 * - **Once final, nothing changes it**: every action is refused. Corrections are made as dated, signed
 *   addenda (see {@link canAddAddendum}).
 */
export function transitionObservation(
  from: ObservationStatus,
  action: ObservationAction,
  actor: { userId: string },
  authorId: string,
): ObservationTransition {
  const isAuthor = actor.userId === authorId;
  switch (from) {
    case 'draft':
      switch (action) {
        case 'edit':
        case 'submit':
          return isAuthor
            ? { ok: true, to: action === 'edit' ? 'draft' : 'submitted' }
            : refuse(
                `Only the report's author can ${action === 'edit' ? 'edit' : 'submit'} a draft`,
                'observation/not-allowed',
              );
        case 'approve':
          return refuse('A draft must be submitted before it can be approved');
        case 'return':
          return refuse('A draft is already with its author');
        case 'finalise':
          return refuse('A draft must be submitted and approved before it can be made final');
      }
      break;
    case 'submitted':
      switch (action) {
        case 'edit':
          return refuse('A submitted report cannot be edited; return it to draft first');
        case 'submit':
          return refuse('This report has already been submitted');
        case 'approve':
          return isAuthor
            ? refuse(
                'A report must be checked by someone other than its author; ask another colleague to approve it',
                'observation/not-allowed',
              )
            : { ok: true, to: 'approved' };
        case 'return':
          return { ok: true, to: 'draft' };
        case 'finalise':
          return refuse('A report must be approved before it can be made final');
      }
      break;
    case 'approved':
      switch (action) {
        case 'edit':
          return refuse('An approved report cannot be edited; return it to draft first');
        case 'submit':
          return refuse('This report has already been submitted and approved');
        case 'approve':
          return refuse('This report has already been approved');
        case 'return':
          return { ok: true, to: 'draft' };
        case 'finalise':
          return { ok: true, to: 'final' };
      }
      break;
    case 'final':
      return refuse(FINAL_REFUSAL);
  }
  return refuse(`Unknown report status or action: ${String(from)} / ${String(action)}`);
}

/** Whether an addendum may be added: only to a final report, which can no longer be edited (rule 9). */
export function canAddAddendum(status: ObservationStatus): boolean {
  return status === 'final';
}
