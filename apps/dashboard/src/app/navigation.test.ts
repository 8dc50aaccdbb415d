import { describe, expect, it } from 'vitest';
import type { Role } from './auth';
import { FEATURE_ROUTES } from './feature-routes';
import { addFeatureRoutes, mayOpen, menuFor } from './router';

const ALL = addFeatureRoutes(FEATURE_ROUTES);
const labels = (role: Role | null) => menuFor(ALL, role).map((m) => m.label);

describe('the main menu, from the routes', () => {
  it('lists for each role the views it may open, in a steady order', () => {
    expect(labels('CENTRE_MANAGER')).toEqual([
      'Centre board',
      "Today's timeline",
      'Desk',
      'Safeguarding',
      'Centre figures',
    ]);
    expect(labels('SUPERVISOR')).toEqual(['My sessions']);
    expect(labels('SOCIAL_WORKER')).toEqual(['Safeguarding', 'Caseload', 'Children']);
    expect(labels('INTEGRATOR')).toEqual(['Centre board', 'API explorer']);
    // An admin starts where a council is set up; the explorer comes last.
    expect(labels('ADMIN')).toEqual([
      'Centres and rooms',
      'Staff',
      'API keys',
      'Activity',
      'Import',
      'Children',
      'API explorer',
    ]);
    expect(labels(null)).toEqual([]);
  });

  it('links each item to its view', () => {
    expect(menuFor(ALL, 'SUPERVISOR')).toEqual([{ to: '/my-sessions', label: 'My sessions' }]);
  });

  it('offers nothing the route guard would refuse', () => {
    const roles: Role[] = ['CENTRE_MANAGER', 'SUPERVISOR', 'SOCIAL_WORKER', 'INTEGRATOR', 'ADMIN'];
    for (const role of roles) {
      for (const item of menuFor(ALL, role)) {
        const route = ALL.find((r) => r.path === item.to)!;
        expect(mayOpen(route.meta!, role)).toBe(true);
      }
    }
  });
});

describe('who may open a view', () => {
  it('lets anyone open a public view, and only the listed roles open a restricted one', () => {
    expect(mayOpen({ title: 'Sign in', public: true }, null)).toBe(true);
    expect(mayOpen({ title: 'Caseload', roles: ['SOCIAL_WORKER'] }, null)).toBe(false);
    expect(mayOpen({ title: 'Caseload', roles: ['SOCIAL_WORKER'] }, 'SUPERVISOR')).toBe(false);
    expect(mayOpen({ title: 'Caseload', roles: ['SOCIAL_WORKER'] }, 'SOCIAL_WORKER')).toBe(true);
    expect(mayOpen({ title: 'Not available to you' }, 'ADMIN')).toBe(true);
  });
});
