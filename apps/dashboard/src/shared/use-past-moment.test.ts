import { describe, expect, it } from 'vitest';
import { usePastMoment } from './use-past-moment';

const WORDS = { missing: 'Give the day and time.', future: 'It cannot be in the future.' };

describe('an inline form’s moment that has already happened', () => {
  it('starts at now and sends the moment it last found nothing wrong with', () => {
    const m = usePastMoment(WORDS);
    expect(m.problem()).toBeNull();
    m.when.date = '2026-07-01';
    m.when.time = '09:30';
    expect(m.problem()).toBeNull();
    expect(m.toSend()).toBe('2026-07-01T08:30:00.000Z');
  });

  it('says what is wrong in the form’s words', () => {
    const m = usePastMoment(WORDS);
    m.when.time = '';
    expect(m.problem()).toBe(WORDS.missing);
    m.when.date = '2999-01-01';
    m.when.time = '09:00';
    expect(m.problem()).toBe(WORDS.future);
  });
});
