import { reactive } from 'vue';
import { londonFields, pastMoment, type PastMomentWords } from './london-moment';

/**
 * The moment an inline form records as having already happened (a family told, a copy shared): its day and time
 * fields (LondonMomentFields.vue), starting at now, and the check of london-moment.ts `pastMoment` in the form's words.
 */
export function usePastMoment(words: PastMomentWords) {
  const when = reactive(londonFields(new Date()));
  let at: Date | null = null;
  return {
    when,
    /** What is wrong with the moment as typed, in the form's words; null when it may be sent. */
    problem(): string | null {
      const read = pastMoment(when.date, when.time, new Date(), words);
      if ('problem' in read) return read.problem;
      at = read.at;
      return null;
    },
    /** The moment as the API takes it, once `problem()` has found nothing wrong. */
    toSend: (): string => at!.toISOString(),
  };
}
