import { ref } from 'vue';
import { errorCode, humanError } from '../app/errors';

export interface MutationFormOptions {
  /** What is missing or wrong before anything is sent, in words; null when the form may be sent. */
  check?: () => string | null;
  /** Sends the change. Resolves to the sentence that confirms it, when the form shows one itself. */
  send: () => Promise<string | null | void>;
  /** A second line for a refusal, e.g. which booking a clash is with. */
  detail?: (err: unknown) => string | null;
  /** Told of a refusal by its `extensions.code`, after its words are shown (e.g. reload on a stale version). */
  refused?: (code: string | null, err: unknown) => void;
}

/**
 * What every form that sends one change does: check what was entered, send it once at a time, and say in plain
 * words what happened. A refusal keeps what was typed, so nothing is lost when the server says no or cannot be
 * reached; the words come from the API's `extensions.code` (app/errors.ts).
 */
export function useMutationForm(options: MutationFormOptions) {
  const busy = ref(false);
  const error = ref<string | null>(null);
  const errorDetail = ref<string | null>(null);
  const done = ref<string | null>(null);

  async function submit(): Promise<void> {
    if (busy.value) return;
    error.value = errorDetail.value = done.value = null;
    const problem = options.check?.() ?? null;
    if (problem) {
      error.value = problem;
      return;
    }
    busy.value = true;
    try {
      done.value = (await options.send()) ?? null;
    } catch (err) {
      error.value = humanError(err);
      errorDetail.value = options.detail?.(err) ?? null;
      options.refused?.(errorCode(err), err);
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, errorDetail, done, submit };
}
