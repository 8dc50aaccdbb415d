import { describe, expect, it } from 'vitest';
import { staffingProblem, staffPairProblem, SUPERVISING_ROLES } from './session-staff.js';

describe('who may staff a session', () => {
  const centre = 'centre-1';
  const supervisor = { role: 'supervisor', active: true, centreId: centre };

  it('is a supervisor only: the role that supervises contact', () => {
    expect(SUPERVISING_ROLES).toEqual(['supervisor']);
    expect(staffingProblem(supervisor, centre, 'supervisor')).toBeNull();
    expect(staffingProblem(supervisor, centre, 'second member of staff')).toBeNull();
  });

  it.each(['integrator', 'admin', 'social_worker', 'centre_manager'])(
    'refuses a %s in either slot',
    (role) => {
      for (const slot of ['supervisor', 'second member of staff'] as const) {
        expect(staffingProblem({ ...supervisor, role }, centre, slot)).toMatch(/does not supervise contact/);
      }
    },
  );

  it('refuses an inactive supervisor, and one of another centre or of none', () => {
    expect(staffingProblem({ ...supervisor, active: false }, centre, 'supervisor')).toMatch(/active/);
    expect(
      staffingProblem({ ...supervisor, centreId: 'centre-2' }, centre, 'second member of staff'),
    ).toMatch(/session's centre/);
    expect(staffingProblem({ ...supervisor, centreId: null }, centre, 'supervisor')).toMatch(
      /session's centre/,
    );
  });
});

describe('staffPairProblem', () => {
  it('refuses the same person in both slots, and allows two people or none second', () => {
    expect(staffPairProblem('a', 'a')).toMatch(/someone other than the supervisor/);
    expect(staffPairProblem('a', 'b')).toBeNull();
    expect(staffPairProblem('a', null)).toBeNull();
  });
});
