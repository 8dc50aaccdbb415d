import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isLevelAtLeast,
  NO_ASSESSMENT_REASON,
  observationsRequired,
  RISK_FACTOR_LABELS,
  RISK_FACTORS,
  secondStaffRequired,
  SUPERVISION_LEVELS,
  supervisionLevelFor,
} from './supervision-level.js';

describe('supervisionLevelFor', () => {
  it('gives support for low-level risk or planned rehabilitation only', () => {
    expect(supervisionLevelFor(['low_level_risk', 'planned_rehabilitation'])).toEqual({
      level: 'supported',
      reasons: [
        'Low-level risk: calls for supported contact',
        'Rehabilitation (return home) is planned: calls for supported contact',
      ],
      requiresSecondStaff: false,
      requiresWrittenObservations: false,
    });
  });

  it.each([
    'inadequate_parenting',
    'substance_misuse',
    'alcohol_misuse',
    'mental_health',
    'domestic_abuse',
    'harm_during_contact',
  ] as const)('gives supervision for %s', (risk) => {
    const d = supervisionLevelFor([risk]);
    expect(d.level).toBe('supervised');
    expect(d.requiresWrittenObservations).toBe(true);
    expect(d.requiresSecondStaff).toBe(false);
  });

  it('gives high vigilance, with a second staff member, for abduction risk', () => {
    expect(supervisionLevelFor(['abduction_risk'])).toMatchObject({
      level: 'high_vigilance',
      requiresSecondStaff: true,
      requiresWrittenObservations: true,
    });
  });

  it('lets the most watchful level win, and records every reason', () => {
    const d = supervisionLevelFor(['planned_rehabilitation', 'alcohol_misuse', 'abduction_risk']);
    expect(d.level).toBe('high_vigilance');
    expect(d.reasons).toHaveLength(3);
    expect(d.reasons[1]).toBe('Alcohol misuse: calls for supervised contact');
    expect(supervisionLevelFor(['planned_rehabilitation', 'substance_misuse']).level).toBe('supervised');
  });

  it('treats no recorded risks as a missing assessment and supervises', () => {
    expect(supervisionLevelFor([])).toEqual({
      level: 'supervised',
      reasons: [NO_ASSESSMENT_REASON],
      requiresSecondStaff: false,
      requiresWrittenObservations: true,
    });
  });

  it('ignores duplicates and order', () => {
    expect(supervisionLevelFor(['mental_health', 'low_level_risk', 'mental_health'])).toEqual(
      supervisionLevelFor(['low_level_risk', 'mental_health']),
    );
  });

  it('never gives a lower level when a risk is added (property)', () => {
    const risks = fc.uniqueArray(fc.constantFrom(...RISK_FACTORS));
    fc.assert(
      fc.property(risks, fc.constantFrom(...RISK_FACTORS), (rs, extra) => {
        if (rs.length === 0) return;
        expect(isLevelAtLeast(supervisionLevelFor([...rs, extra]).level, supervisionLevelFor(rs).level)).toBe(
          true,
        );
      }),
    );
  });

  it('labels every risk', () => {
    for (const r of RISK_FACTORS) expect(RISK_FACTOR_LABELS[r]).toMatch(/^[A-Z]/);
  });
});

describe('secondStaffRequired', () => {
  it('asks for a second member of staff at high vigilance only, as the level decision does', () => {
    expect(SUPERVISION_LEVELS.filter(secondStaffRequired)).toEqual(['high_vigilance']);
    expect(supervisionLevelFor(['abduction_risk']).requiresSecondStaff).toBe(true);
  });
});

describe('isLevelAtLeast and observationsRequired', () => {
  it('orders levels supported < supervised < high_vigilance', () => {
    expect(isLevelAtLeast('high_vigilance', 'supervised')).toBe(true);
    expect(isLevelAtLeast('supervised', 'supervised')).toBe(true);
    expect(isLevelAtLeast('supported', 'supervised')).toBe(false);
    expect(isLevelAtLeast('supervised', 'high_vigilance')).toBe(false);
  });

  it('asks for written observations except for supported contact', () => {
    expect(SUPERVISION_LEVELS.filter(observationsRequired)).toEqual(['supervised', 'high_vigilance']);
  });
});
