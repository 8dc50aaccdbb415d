import type { RiskFactor, WeeklyPattern } from '@kinroom/domain';
import type { StaffRole } from '../../people/staff-user.entity.js';

/** The people of the demo week. Fictional; any likeness is chance. */
export interface DemoUser {
  key: string;
  name: string;
  email: string;
  role: StaffRole;
  /** Staff of the second council, present to show that nothing crosses between councils. */
  otherCouncil?: boolean;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { key: 'manager', name: 'Priya Shah', email: 'priya.shah@coxford.example', role: 'centre_manager' },
  { key: 'sup1', name: 'Tom Okafor', email: 'tom.okafor@coxford.example', role: 'supervisor' },
  { key: 'sup2', name: 'Grace Lin', email: 'grace.lin@coxford.example', role: 'supervisor' },
  { key: 'sup3', name: 'Sam Patel', email: 'sam.patel@coxford.example', role: 'supervisor' },
  { key: 'sup4', name: 'Ruth Evans', email: 'ruth.evans@coxford.example', role: 'supervisor' },
  { key: 'sup5', name: 'Kwame Mensah', email: 'kwame.mensah@coxford.example', role: 'supervisor' },
  { key: 'sup6', name: 'Hannah Price', email: 'hannah.price@coxford.example', role: 'supervisor' },
  { key: 'sw1', name: 'Aisha Khan', email: 'aisha.khan@coxford.example', role: 'social_worker' },
  { key: 'sw2', name: 'Daniel Brooks', email: 'daniel.brooks@coxford.example', role: 'social_worker' },
  { key: 'sw3', name: 'Megan Hughes', email: 'megan.hughes@coxford.example', role: 'social_worker' },
  { key: 'integrator', name: 'Case system link', email: 'case-system@coxford.example', role: 'integrator' },
  { key: 'admin', name: 'Lee Turner', email: 'lee.turner@coxford.example', role: 'admin' },
  {
    key: 'other-manager',
    name: 'Owen Reid',
    email: 'owen.reid@eastmoor.example',
    role: 'centre_manager',
    otherCouncil: true,
  },
  {
    key: 'other-sw',
    name: 'Nia Jones',
    email: 'nia.jones@eastmoor.example',
    role: 'social_worker',
    otherCouncil: true,
  },
];

/** How a child's past sessions went, oldest first: A attended, L late within grace, E explained absence,
 * C centre cancelled, N unexplained no-show. */
export interface DemoChild {
  first: string;
  last: string;
  dob: string;
  socialWorker: 'sw1' | 'sw2' | 'sw3';
  parent: { first: string; last: string; relationship: string; work: WeeklyPattern };
  carer: { name: string; address: string };
  risks: RiskFactor[];
  history: string;
}

const SCHOOL: WeeklyPattern = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:45', end: '15:15' }));
const OFFICE: WeeklyPattern = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
const NONE: WeeklyPattern = [];

export const SCHOOL_HOURS = SCHOOL;

export const DEMO_CHILDREN: readonly DemoChild[] = [
  {
    first: 'Maisie',
    last: 'Carter',
    dob: '2018-03-14',
    socialWorker: 'sw1',
    parent: { first: 'Jade', last: 'Carter', relationship: 'mother', work: NONE },
    carer: { name: 'Anne and Rob Fielding', address: '4 Larch Close, Coxford' },
    risks: ['inadequate_parenting'],
    history: 'AAALAAA',
  },
  {
    first: 'Leo',
    last: 'Hart',
    dob: '2016-09-02',
    socialWorker: 'sw1',
    parent: { first: 'Marcus', last: 'Hart', relationship: 'father', work: OFFICE },
    carer: { name: 'Sunita Rao', address: '18 Mill Lane, Coxford' },
    risks: ['substance_misuse'],
    history: 'AANEAN',
  },
  {
    first: 'Amara',
    last: 'Osei',
    dob: '2019-12-20',
    socialWorker: 'sw1',
    parent: { first: 'Efua', last: 'Osei', relationship: 'mother', work: NONE },
    carer: { name: 'Patricia Moore', address: '2 Church Walk, Hensbury' },
    risks: ['planned_rehabilitation'],
    history: 'AAAAAA',
  },
  {
    first: 'Tyler',
    last: 'Bennett',
    dob: '2014-05-30',
    socialWorker: 'sw1',
    parent: { first: 'Kerry', last: 'Bennett', relationship: 'mother', work: NONE },
    carer: { name: 'The Ashdown Children’s Home', address: 'Ashdown House, Ridge Road' },
    risks: ['alcohol_misuse', 'mental_health'],
    history: 'AACANNN',
  },
  {
    first: 'Ruby',
    last: 'Walsh',
    dob: '2017-07-11',
    socialWorker: 'sw2',
    parent: { first: 'Dean', last: 'Walsh', relationship: 'father', work: OFFICE },
    carer: { name: 'Claire and Tom Hughes', address: '77 Station Road, Coxford' },
    risks: ['abduction_risk'],
    history: 'AALAAA',
  },
  {
    first: 'Noah',
    last: 'Fraser',
    dob: '2020-01-08',
    socialWorker: 'sw2',
    parent: { first: 'Chloe', last: 'Fraser', relationship: 'mother', work: NONE },
    carer: { name: 'Margaret Ellis', address: '9 The Green, Wexley' },
    risks: ['mental_health'],
    history: 'ANAEANN',
  },
  {
    first: 'Isla',
    last: 'Morgan',
    dob: '2015-11-23',
    socialWorker: 'sw2',
    parent: { first: 'Lauren', last: 'Morgan', relationship: 'mother', work: OFFICE },
    carer: { name: 'David Kerr', address: '31 Orchard Rise, Coxford' },
    risks: ['low_level_risk'],
    history: 'AAAAA',
  },
  {
    first: 'Kai',
    last: 'Robinson',
    dob: '2013-02-17',
    socialWorker: 'sw2',
    parent: { first: 'Shane', last: 'Robinson', relationship: 'father', work: NONE },
    carer: { name: 'Beech Tree Foster Care', address: '5 Beech Tree Court, Hensbury' },
    risks: ['domestic_abuse'],
    history: 'AEAAAN',
  },
  {
    first: 'Poppy',
    last: 'Adeyemi',
    dob: '2018-10-05',
    socialWorker: 'sw3',
    parent: { first: 'Tolu', last: 'Adeyemi', relationship: 'mother', work: OFFICE },
    carer: { name: 'Joan Whitfield', address: '12 Brook Street, Coxford' },
    risks: ['inadequate_parenting'],
    history: 'AAAACA',
  },
  {
    first: 'Ellis',
    last: 'Nowak',
    dob: '2016-04-19',
    socialWorker: 'sw3',
    parent: { first: 'Anna', last: 'Nowak', relationship: 'mother', work: NONE },
    carer: { name: 'Gareth and Lynn Price', address: '40 Victoria Road, Wexley' },
    risks: ['harm_during_contact'],
    history: 'AALAAA',
  },
  {
    first: 'Sofia',
    last: 'Russo',
    dob: '2019-06-27',
    socialWorker: 'sw3',
    parent: { first: 'Luca', last: 'Russo', relationship: 'father', work: OFFICE },
    carer: { name: 'Helen Barker', address: '6 Hill View, Coxford' },
    risks: ['planned_rehabilitation', 'low_level_risk'],
    history: 'AAAAAA',
  },
  {
    first: 'Jayden',
    last: 'Cole',
    dob: '2015-08-09',
    socialWorker: 'sw3',
    parent: { first: 'Stacey', last: 'Cole', relationship: 'mother', work: NONE },
    carer: { name: 'Rosemary Lane Foster Home', address: '1 Rosemary Lane, Hensbury' },
    risks: ['substance_misuse'],
    history: 'AAEAN',
  },
];

export const DEMO_ROOMS = [
  { name: 'Willow', capacity: 6, facilities: ['toys', 'sofa', 'baby changing'] },
  { name: 'Oak', capacity: 8, facilities: ['toys', 'kitchenette', 'garden door'] },
  { name: 'Rowan', capacity: 4, facilities: ['toys', 'sensory corner'] },
  { name: 'Hazel', capacity: 6, facilities: ['toys', 'games table'] },
  { name: 'Birch', capacity: 10, facilities: ['toys', 'kitchenette', 'large play mat'] },
  { name: 'Maple', capacity: 4, facilities: ['toys', 'quiet room', 'observation window'] },
  { name: 'Cedar', capacity: 6, facilities: ['toys', 'teen lounge', 'games console'] },
];
