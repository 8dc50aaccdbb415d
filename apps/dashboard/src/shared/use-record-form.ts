import { computed, nextTick, ref, type Ref } from 'vue';
import { useMutationForm, type MutationFormOptions } from './use-mutation-form';

/** A problem found before sending, tied to the field it concerns (or to none: the whole form). */
export interface FieldProblem {
  field: string | null;
  message: string;
}

export interface RecordFormOptions extends Omit<MutationFormOptions, 'check'> {
  /** The fields of this form, by the names the API gives in `extensions.field`. */
  fields: readonly string[];
  /** What is wrong before anything is sent; null when the form may be sent. */
  check?: () => FieldProblem | null;
  /** The form's element: the field a refusal names is focused in it (by `name`, or a group's first control by `data-field`), so the person lands on it. */
  root?: Ref<HTMLElement | null>;
}

interface ErrorLike {
  graphQLErrors?: readonly { extensions?: Record<string, unknown> }[];
}

/** The input field an API refusal names (`extensions.field`), or null when it names none. */
export function refusedField(err: unknown): string | null {
  const field = (err as ErrorLike | null)?.graphQLErrors?.[0]?.extensions?.field;
  return typeof field === 'string' ? field : null;
}

/**
 * A record's form: useMutationForm, with each problem shown next to the field it concerns. The API names the field
 * of a refusal in `extensions.field` (the input's own names: `dateOfBirth`, `schoolPattern`…); a field this form
 * does not have, or none, is shown for the whole form. Nothing typed is cleared by a refusal.
 */
export function useRecordForm(options: RecordFormOptions) {
  const field = ref<string | null>(null);
  const form = useMutationForm({
    ...options,
    check: () => {
      const problem = options.check?.() ?? null;
      field.value = problem?.field && options.fields.includes(problem.field) ? problem.field : null;
      if (problem) void focus();
      return problem?.message ?? null;
    },
    refused: (code, err) => {
      const named = refusedField(err);
      field.value = named && options.fields.includes(named) ? named : null;
      void focus();
      options.refused?.(code, err);
    },
  });

  async function focus() {
    await nextTick();
    if (!field.value || !options.root?.value) return;
    // An input by its name, or the first control of a group (a weekly pattern) marked with data-field.
    const root = options.root.value;
    const target =
      root.querySelector<HTMLElement>(`[name="${field.value}"]`) ??
      root.querySelector<HTMLElement>(`[data-field="${field.value}"] :is(input, select, button)`);
    target?.focus();
  }

  /** The problem with one field, to show beside it; null when it has none. */
  const errorFor = (name: string): string | null => (field.value === name ? form.error.value : null);
  /** The problem with the form as a whole (none when it is shown beside a field). */
  const formError = computed(() => (field.value ? null : form.error.value));

  return { ...form, field, errorFor, formError };
}
