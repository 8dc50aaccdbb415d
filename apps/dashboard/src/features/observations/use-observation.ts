import { useApolloClient, useMutation } from '@vue/apollo-composable';
import { onUnmounted, reactive, ref, shallowRef } from 'vue';
import { errorCode, humanError } from '../../app/errors';
import { graphql, useFragment as unmask, type FragmentType } from '@kinroom/schema';
import type { ObservationFieldsFragment, ObservationSectionKey } from '@kinroom/schema';
import { createAutosave } from './use-autosave';

const ObservationFields = graphql(`
  fragment ObservationFields on Observation {
    id
    version
    status
    sessionId
    returnReason
    dueAt
    overdue
    updatedAt
    submittedAt
    child {
      id
      firstName
      lastInitial
    }
    sections {
      key
      label
      facts
      opinion
    }
    submitProblems {
      key
      message
    }
  }
`);

const StartObservation = graphql(`
  mutation StartObservation($sessionId: ID!) {
    startObservation(sessionId: $sessionId) {
      ...ObservationFields
    }
  }
`);

const SaveDraft = graphql(`
  mutation SaveObservationDraft($id: ID!, $expectedVersion: Int!, $sections: [ObservationSectionInput!]!) {
    saveObservationDraft(id: $id, expectedVersion: $expectedVersion, sections: $sections) {
      ...ObservationFields
    }
  }
`);

const SubmitObservation = graphql(`
  mutation SubmitObservation($id: ID!, $expectedVersion: Int!) {
    submitObservation(id: $id, expectedVersion: $expectedVersion) {
      ...ObservationFields
    }
  }
`);

const ObservationNow = graphql(`
  query ObservationNow($id: ID!) {
    observation(id: $id) {
      ...ObservationFields
    }
  }
`);

export interface SectionText {
  facts: string;
  opinion: string;
}

export interface Problem {
  key: string;
  message: string;
}

const fields = (o: FragmentType<typeof ObservationFields>) => unmask(ObservationFields, o);

const backupKey = (id: string) => `kinroom.observation-draft.${id}`;

function readBackup(id: string): Partial<Record<ObservationSectionKey, SectionText>> {
  try {
    return JSON.parse(sessionStorage.getItem(backupKey(id)) ?? '{}') as Partial<
      Record<ObservationSectionKey, SectionText>
    >;
  } catch {
    return {};
  }
}

/** Problems the API attached to OBSERVATION_INCOMPLETE, one per section. */
function problemsOf(err: unknown): Problem[] {
  const ext = (err as { graphQLErrors?: { extensions?: { problems?: unknown } }[] }).graphQLErrors?.[0]
    ?.extensions?.problems;
  if (!Array.isArray(ext)) return [];
  return ext.map((p: { section?: string; key?: string; message?: string }) => ({
    key: String(p.section ?? p.key ?? '').toUpperCase(),
    message: String(p.message ?? ''),
  }));
}

/**
 * One observation record as its author writes it (docs/domain.md rule 9). The text on screen is the author's: it is
 * never replaced by what the server sends back, so a save that lands while they type cannot undo a keystroke.
 * Unsaved text is also kept in the tab's session storage until the server has it, so a reload or a crash keeps it.
 */
export function useObservation(sessionId: string) {
  const { resolveClient } = useApolloClient();
  const record = shallowRef<ObservationFieldsFragment | null>(null);
  const text = reactive<Partial<Record<ObservationSectionKey, SectionText>>>({});
  const loadError = ref<string | null>(null);
  const note = ref<string | null>(null);
  const problems = ref<Problem[]>([]);
  const submitting = ref(false);
  const submitError = ref<string | null>(null);

  const { mutate: start } = useMutation(StartObservation);
  const { mutate: saveDraft } = useMutation(SaveDraft);
  const { mutate: submitMutation } = useMutation(SubmitObservation);

  async function sendSections(changes: ReadonlyMap<ObservationSectionKey, SectionText>) {
    const r = record.value!;
    const sections = [...changes].map(([key, t]) => ({ key, facts: t.facts, opinion: t.opinion }));
    const res = await saveDraft({ id: r.id, expectedVersion: r.version, sections });
    const o = res?.data?.saveObservationDraft;
    return o ? fields(o) : null;
  }

  const autosave = createAutosave<ObservationSectionKey, SectionText>({
    describeError: humanError,
    onUnsavedChange: (unsaved) => {
      if (!record.value) return;
      if (unsaved.size)
        sessionStorage.setItem(backupKey(record.value.id), JSON.stringify(Object.fromEntries(unsaved)));
      else sessionStorage.removeItem(backupKey(record.value.id));
    },
    save: async (changes) => {
      let saved;
      try {
        saved = await sendSections(changes);
      } catch (err) {
        if (errorCode(err) !== 'STALE_VERSION') throw err;
        // Saved from another screen meanwhile: take its version and its text for the sections not touched here,
        // keep what was typed here, and save again.
        const fresh = await resolveClient().query({
          query: ObservationNow,
          variables: { id: record.value!.id },
          fetchPolicy: 'network-only',
        });
        const latest = fresh.data?.observation ? fields(fresh.data.observation) : null;
        if (!latest) throw err;
        record.value = latest;
        for (const s of latest.sections)
          if (!changes.has(s.key)) text[s.key] = { facts: s.facts, opinion: s.opinion };
        note.value =
          'This record was also saved from another screen. Its text is shown for the sections you had not changed here.';
        saved = await sendSections(changes);
      }
      if (!saved) throw new Error('The server did not return the saved record.');
      record.value = saved;
      return new Date(saved.updatedAt);
    },
  });

  async function load(): Promise<void> {
    loadError.value = null;
    try {
      const r = await start({ sessionId });
      if (!r?.data?.startObservation) return;
      const o = fields(r.data.startObservation);
      record.value = o;
      autosave.state.savedAt = new Date(o.updatedAt);
      for (const s of o.sections) text[s.key] = { facts: s.facts, opinion: s.opinion };
      if (o.status !== 'DRAFT') return;
      const backup = readBackup(o.id);
      const restored = Object.keys(backup) as ObservationSectionKey[];
      for (const key of restored) {
        text[key] = backup[key]!;
        autosave.edit(key, backup[key]!);
      }
      if (restored.length)
        note.value = 'Text you typed that had not reached the server yet was restored, and is being saved.';
    } catch (err) {
      loadError.value = humanError(err);
    }
  }

  function edit(key: ObservationSectionKey, part: keyof SectionText, value: string): void {
    const next = { ...(text[key] ?? { facts: '', opinion: '' }), [part]: value };
    text[key] = next;
    problems.value = problems.value.filter((p) => p.key !== key);
    autosave.edit(key, next);
  }

  async function submit(): Promise<boolean> {
    submitError.value = null;
    problems.value = [];
    submitting.value = true;
    try {
      if (!(await autosave.flush())) {
        submitError.value = `Your latest changes are not saved yet, so the record was not submitted. ${autosave.state.error ?? ''}`;
        return false;
      }
      const r = record.value!;
      const res = await submitMutation({ id: r.id, expectedVersion: r.version });
      if (res?.data?.submitObservation) record.value = fields(res.data.submitObservation);
      return true;
    } catch (err) {
      problems.value = problemsOf(err);
      submitError.value = humanError(err);
      return false;
    } finally {
      submitting.value = false;
    }
  }

  onUnmounted(() => autosave.dispose());

  return { record, text, loadError, note, problems, submitting, submitError, autosave, load, edit, submit };
}
