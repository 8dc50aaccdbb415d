import { describe, expect, it } from 'vitest';
import { CONTINUITY_WINDOW, supervisorContinuity } from './supervisor-continuity.js';

describe('supervisorContinuity (rule 4)', () => {
  it('has no usual supervisor, and nothing to flag, for a family new to the centre', () => {
    expect(supervisorContinuity({ proposedSupervisorId: 'amy', pastSupervisorIds: [] })).toEqual({
      usualSupervisorId: null,
      isUsual: true,
      note: null,
    });
  });

  it('accepts the usual supervisor without a note', () => {
    expect(
      supervisorContinuity({ proposedSupervisorId: 'amy', pastSupervisorIds: ['amy', 'amy', 'ben'] }),
    ).toEqual({
      usualSupervisorId: 'amy',
      isUsual: true,
      note: null,
    });
  });

  it('allows someone else but makes it visible', () => {
    const r = supervisorContinuity({
      proposedSupervisorId: 'ben',
      pastSupervisorIds: ['amy', 'amy', 'ben', 'amy'],
    });
    expect(r.usualSupervisorId).toBe('amy');
    expect(r.isUsual).toBe(false);
    expect(r.note).toContain('supervised 3 of their last 4 sessions');
    expect(r.note).toContain("has supervised 1 of this family's last 4 sessions");
  });

  it('says when the proposed supervisor has not met the family recently', () => {
    const r = supervisorContinuity({ proposedSupervisorId: 'cat', pastSupervisorIds: ['amy'] });
    expect(r.note).toContain('has not supervised this family in its recent sessions');
  });

  it('does not let one session of cover change the usual supervisor', () => {
    const r = supervisorContinuity({
      proposedSupervisorId: 'amy',
      pastSupervisorIds: ['ben', 'amy', 'amy', 'amy'],
    });
    expect(r).toMatchObject({ usualSupervisorId: 'amy', isUsual: true });
  });

  it('breaks ties in favour of the most recent supervisor', () => {
    const r = supervisorContinuity({
      proposedSupervisorId: 'amy',
      pastSupervisorIds: ['ben', 'amy', 'ben', 'amy'],
    });
    expect(r).toMatchObject({ usualSupervisorId: 'ben', isUsual: false });
  });

  it(`looks only at the last ${CONTINUITY_WINDOW} sessions, so a handover sticks`, () => {
    const past = ['ben', 'ben', 'ben', 'ben', 'ben', 'ben', 'amy', 'amy', 'amy', 'amy', 'amy', 'amy', 'amy'];
    expect(supervisorContinuity({ proposedSupervisorId: 'ben', pastSupervisorIds: past })).toMatchObject({
      usualSupervisorId: 'ben',
      isUsual: true,
    });
  });
});
