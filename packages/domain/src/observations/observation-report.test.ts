import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canAddAddendum,
  NOTHING_TO_RECORD,
  OBSERVATION_ACTIONS,
  OBSERVATION_SECTION_KEYS,
  OBSERVATION_SECTIONS,
  OBSERVATION_STATUSES,
  transitionObservation,
  validateObservationForSubmit,
  type ObservationAction,
  type ObservationSection,
  type ObservationStatus,
} from './observation-report.js';

const AUTHOR = 'sup-1';
const author = { userId: AUTHOR };
const reviewer = { userId: 'mgr-1' };

describe('OBSERVATION_SECTIONS', () => {
  it('follows the structure of rule 9', () => {
    expect(OBSERVATION_SECTION_KEYS).toEqual([
      'arrival_and_greetings',
      'activities',
      'interactions',
      'behaviours',
      'attitudes',
      'child_response',
      'interventions_and_guidance',
      'suggestions',
    ]);
    expect(OBSERVATION_SECTIONS[0]).toEqual({ key: 'arrival_and_greetings', label: 'Arrival and greetings' });
  });
});

describe('transitionObservation', () => {
  it('takes a report from draft to final through a second pair of eyes', () => {
    expect(transitionObservation('draft', 'edit', author, AUTHOR)).toEqual({ ok: true, to: 'draft' });
    expect(transitionObservation('draft', 'submit', author, AUTHOR)).toEqual({ ok: true, to: 'submitted' });
    expect(transitionObservation('submitted', 'approve', reviewer, AUTHOR)).toEqual({
      ok: true,
      to: 'approved',
    });
    expect(transitionObservation('approved', 'finalise', reviewer, AUTHOR)).toEqual({
      ok: true,
      to: 'final',
    });
  });

  it('never lets the author approve their own report', () => {
    expect(transitionObservation('submitted', 'approve', author, AUTHOR)).toEqual({
      ok: false,
      code: 'observation/not-allowed',
      reason:
        'A report must be checked by someone other than its author; ask another colleague to approve it',
    });
  });

  it('lets only the author edit or submit a draft', () => {
    expect(transitionObservation('draft', 'edit', reviewer, AUTHOR)).toMatchObject({
      ok: false,
      code: 'observation/not-allowed',
    });
    expect(transitionObservation('draft', 'submit', reviewer, AUTHOR)).toMatchObject({ ok: false });
  });

  it('returns submitted or approved reports to draft', () => {
    expect(transitionObservation('submitted', 'return', reviewer, AUTHOR)).toEqual({ ok: true, to: 'draft' });
    expect(transitionObservation('submitted', 'return', author, AUTHOR)).toEqual({ ok: true, to: 'draft' });
    expect(transitionObservation('approved', 'return', reviewer, AUTHOR)).toEqual({ ok: true, to: 'draft' });
    expect(transitionObservation('draft', 'return', reviewer, AUTHOR).ok).toBe(false);
  });

  it('refuses edits once submitted or approved, and skipping the review', () => {
    expect(transitionObservation('submitted', 'edit', author, AUTHOR).ok).toBe(false);
    expect(transitionObservation('approved', 'edit', author, AUTHOR).ok).toBe(false);
    expect(transitionObservation('draft', 'finalise', reviewer, AUTHOR).ok).toBe(false);
    expect(transitionObservation('submitted', 'finalise', reviewer, AUTHOR).ok).toBe(false);
    expect(transitionObservation('draft', 'approve', reviewer, AUTHOR).ok).toBe(false);
  });

  it('never changes a final report, whoever asks', () => {
    for (const action of OBSERVATION_ACTIONS) {
      for (const actor of [author, reviewer]) {
        expect(transitionObservation('final', action, actor, AUTHOR)).toEqual({
          ok: false,
          code: 'observation/invalid-transition',
          reason: 'A final report is never edited or changed; add a dated, signed addendum to amend it',
        });
      }
    }
  });

  it('allows addenda only to final reports', () => {
    expect(OBSERVATION_STATUSES.filter(canAddAddendum)).toEqual(['final']);
  });

  it('only reaches final after an approval by someone other than the author (property)', () => {
    const step = fc.tuple(fc.constantFrom(...OBSERVATION_ACTIONS), fc.constantFrom(author, reviewer));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let status: ObservationStatus = 'draft';
        let approvedBy: string | null = null;
        for (const [action, actor] of steps as [ObservationAction, { userId: string }][]) {
          const t = transitionObservation(status, action, actor, AUTHOR);
          if (!t.ok) continue;
          if (status === 'final') throw new Error('a final report moved');
          if (t.to === 'approved') approvedBy = actor.userId;
          if (t.to === 'draft') approvedBy = null;
          if (t.to === 'final') expect(approvedBy).not.toBeNull();
          status = t.to;
        }
        if (approvedBy !== null) expect(approvedBy).not.toBe(AUTHOR);
      }),
    );
  });
});

function complete(): ObservationSection[] {
  return OBSERVATION_SECTION_KEYS.map((key) => ({ key, facts: `Facts about ${key}`, opinion: '' }));
}

describe('validateObservationForSubmit', () => {
  it('accepts a report with facts in every section and no opinion', () => {
    expect(validateObservationForSubmit(complete())).toEqual([]);
  });

  it('accepts an explicit "nothing to record"', () => {
    const sections = complete().map((s) =>
      s.key === 'interventions_and_guidance' ? { ...s, facts: NOTHING_TO_RECORD } : s,
    );
    expect(validateObservationForSubmit(sections)).toEqual([]);
  });

  it('refuses blank facts, even when there is an opinion', () => {
    const sections = complete().map((s) =>
      s.key === 'attitudes' ? { ...s, facts: '  \n', opinion: 'Seemed fine' } : s,
    );
    expect(validateObservationForSubmit(sections)).toEqual([
      {
        key: 'attitudes',
        message: 'Attitudes: record what was seen and heard, or write "Nothing to record"',
      },
    ]);
  });

  it('reports missing, repeated and unknown sections', () => {
    const sections = [
      ...complete().filter((s) => s.key !== 'suggestions'),
      { key: 'activities', facts: 'again', opinion: '' },
      { key: 'mood', facts: 'x', opinion: '' },
    ] as ObservationSection[];
    expect(validateObservationForSubmit(sections)).toEqual([
      { key: 'mood', message: '"mood" is not a section of an observation report' },
      { key: 'activities', message: 'Activities: this section appears 2 times' },
      { key: 'suggestions', message: 'Suggestions to improve contact: this section is missing' },
    ]);
  });

  it('reports every missing section of an empty report', () => {
    expect(validateObservationForSubmit([])).toHaveLength(8);
  });
});
