/**
 * Realistic Kinroom data at a given scale, written with COPY. It keeps every rule the schema enforces: tenancy keys
 * (every row names its council, and references stay inside it), sessions laid out per room and per member of staff
 * so that no two holds overlap (the exclusion constraints), held ranges computed by the session trigger, retention
 * dates from the domain rule, agreements signed before their sessions, no child with three unexplained absences in a
 * row (rule 8), observations only for supervised contact that happened, final ones with a reviewer and a content
 * hash. The hashes are random hex: the database accepts them, but the evidence chain verifier would flag them, which
 * is fine for benchmarks and must never be done to real data.
 *
 * The data is one benchmark council (a 12-room centre, its staff and families, today's live board, and one child
 * with 500 sessions) plus background councils that grow the database to the requested number of sessions.
 */
import {
  acknowledgementDeadline,
  addDaysToDateKey,
  DEFAULT_OPENING_HOURS,
  fromLondonDateKey,
  londonDateKey,
  OBSERVATION_SECTIONS,
  reportDueDate,
  retentionDate,
  STRIKES_TO_SUSPEND,
  supervisionLevelFor,
  weekdayOfDateKey,
  type RiskFactor,
  type WeeklyPattern,
} from '@kinroom/domain';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { copyInto, TableRows } from './copy.js';
import { Progress } from './progress.js';

const MINUTE = 60_000;
const SLOTS = ['09:00', '11:00', '13:00', '15:00', '17:00', '19:00'] as const;
const SESSION_MINUTES = 60;
const TURNOVER = 15;
const FLUSH_SESSIONS = 25_000;

const SCHOOL: WeeklyPattern = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:45', end: '15:15' }));
const OFFICE: WeeklyPattern = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));

const FIRST = [
  'Maisie',
  'Leo',
  'Amara',
  'Kai',
  'Ellis',
  'Ruby',
  'Noah',
  'Isla',
  'Theo',
  'Freya',
  'Jayden',
  'Zara',
  'Oscar',
  'Poppy',
  'Ali',
  'Mia',
  'Harvey',
  'Lily',
  'Reggie',
  'Ava',
];
const LAST = [
  'Clarke',
  'Ahmed',
  'Okoro',
  'Walsh',
  'Murphy',
  'Singh',
  'Evans',
  'Hughes',
  'Kowalski',
  'Byrne',
  'Patel',
  'Campbell',
  'Nowak',
  'Reid',
  'Mensah',
  'Taylor',
];
const ADULT_FIRST = [
  'Sarah',
  'Dean',
  'Lisa',
  'Marcus',
  'Kelly',
  'Jamal',
  'Chloe',
  'Wayne',
  'Gemma',
  'Tariq',
  'Donna',
  'Paul',
];
const RISKS: RiskFactor[][] = [
  ['low_level_risk'],
  ['planned_rehabilitation'],
  ['inadequate_parenting'],
  ['inadequate_parenting'],
  ['alcohol_misuse'],
  ['substance_misuse', 'mental_health'],
  ['mental_health'],
  ['domestic_abuse'],
  ['abduction_risk'],
];
const CATEGORIES = [
  'emotional_harm',
  'inappropriate_conversation',
  'intoxication',
  'disclosure',
  'neglect',
  'other',
];
const SEVERITIES = ['low', 'low', 'medium', 'medium', 'high'];

/** A small, seeded generator so that a scale always produces the same data shape. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(rand: () => number, length = 64): string {
  let s = '';
  while (s.length < length)
    s += Math.floor(rand() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return s.slice(0, length);
}

/** What the scenarios need to know about the benchmark council. */
export interface BenchFixture {
  councilId: string;
  centreId: string;
  roomIds: string[];
  /** The supervisor bound to each room (same index as `roomIds`). */
  supervisorIds: string[];
  managerEmail: string;
  integratorEmail: string;
  socialWorkerEmail: string;
  /** The child with 500 sessions. */
  historyChildId: string;
  historySessions: number;
  /** Active agreements that need no second member of staff, for booking scenarios. */
  bookable: { agreementId: string; childId: string }[];
}

interface Staff {
  id: string;
  role: 'centre_manager' | 'supervisor' | 'social_worker' | 'integrator';
}

type Category = 'A' | 'B' | 'C' | 'D';

interface ChildPlan {
  id: string;
  agreementId: string;
  firstName: string;
  contactType: 'supervised' | 'supported';
  highVigilance: boolean;
  socialWorkerId: string;
  category: Category;
  unexplainedStreak: number;
  chainHead: string | null;
}

/** Which children may be booked into a slot: school hours and a parent's office hours are respected (rule 1). */
function eligible(weekday: number, slot: number): Category[] {
  if (weekday === 0 || weekday === 6) return ['A', 'B', 'C', 'D'];
  if (slot <= 3) return ['A']; // 09:00-15:00 on a school day: pre-school children whose parent is free
  if (slot === 4) return ['A', 'B']; // 17:00: school is out, an office-working parent is not yet free
  return ['A', 'B', 'C', 'D']; // 19:00
}

function fill(weekday: number, slot: number): number {
  if (weekday === 0 || weekday === 6) return 0.6;
  return slot <= 3 ? 0.25 : 0.9;
}

const AVERAGE_FILL = (5 * (4 * 0.25 + 2 * 0.9) + 2 * 6 * 0.6) / (7 * 6);

/** Writes rows table by table in an order that satisfies the (deferred) foreign keys of each COPY. */
class Batch {
  readonly council = new TableRows('council', ['id', 'name']);
  readonly centre = new TableRows('centre', [
    'id',
    'council_id',
    'name',
    'address',
    'opening_hours',
    'turnover_minutes',
  ]);
  readonly room = new TableRows('room', [
    'id',
    'council_id',
    'centre_id',
    'name',
    'capacity',
    'facilities',
    'condition',
    'condition_note',
    'condition_changed_at',
  ]);
  readonly staff = new TableRows('staff_user', [
    'id',
    'council_id',
    'centre_id',
    'name',
    'email',
    'role',
    'active',
  ]);
  readonly carer = new TableRows('carer', ['id', 'council_id', 'name', 'address', 'phone']);
  readonly child = new TableRows('child', [
    'id',
    'council_id',
    'first_name',
    'last_name',
    'date_of_birth',
    'carer_id',
    'school_pattern',
    'retain_until',
  ]);
  readonly family = new TableRows('family_member', [
    'id',
    'council_id',
    'first_name',
    'last_name',
    'phone',
    'work_pattern',
  ]);
  readonly childFamily = new TableRows('child_family_member', [
    'council_id',
    'child_id',
    'family_member_id',
    'relationship',
  ]);
  readonly childCase = new TableRows('child_case', [
    'id',
    'council_id',
    'child_id',
    'social_worker_id',
    'opened_at',
  ]);
  readonly agreement = new TableRows('contact_agreement', [
    'id',
    'council_id',
    'child_id',
    'centre_id',
    'contact_type',
    'supervision_level',
    'supervision_reasons',
    'risk_factors',
    'sessions_per_week',
    'session_minutes',
    'transport_plan',
    'conditions',
    'signed_at',
    'signed_by',
    'status',
    'review_date',
    'created_by_id',
  ]);
  readonly participant = new TableRows('agreement_participant', [
    'council_id',
    'agreement_id',
    'family_member_id',
  ]);
  readonly session = new TableRows('session', [
    'id',
    'council_id',
    'centre_id',
    'room_id',
    'supervisor_id',
    'second_staff_id',
    'agreement_id',
    'child_id',
    'kind',
    'starts_at',
    'ends_at',
    'turnover_minutes',
    'held_from',
    'held_until',
    'status',
    'parent_arrived_at',
    'child_arrived_at',
    'started_at',
    'ended_at',
    'cancelled_at',
    'cancelled_by_id',
    'cancellation_reason',
    'cancellation_note',
    'family_informed_at',
    'created_at',
    'updated_at',
  ]);
  readonly attendance = new TableRows('attendance', [
    'id',
    'council_id',
    'session_id',
    'outcome',
    'minutes_late',
    'recorded_by_id',
    'recorded_at',
    'note',
  ]);
  readonly observation = new TableRows('observation', [
    'id',
    'council_id',
    'session_id',
    'child_id',
    'author_id',
    'reviewer_id',
    'status',
    'sections',
    'due_at',
    'submitted_at',
    'approved_at',
    'finalised_at',
    'content_hash',
    'previous_hash',
    'created_at',
    'updated_at',
  ]);
  readonly amendment = new TableRows('observation_amendment', [
    'id',
    'council_id',
    'observation_id',
    'child_id',
    'author_id',
    'reason',
    'text',
    'created_at',
    'content_hash',
    'previous_hash',
  ]);
  readonly flag = new TableRows('safeguarding_flag', [
    'id',
    'council_id',
    'centre_id',
    'child_id',
    'session_id',
    'category',
    'severity',
    'description',
    'raised_by_id',
    'raised_at',
    'acknowledge_by',
    'status',
    'resolved_at',
    'resolved_by_id',
    'outcome',
  ]);
  readonly ack = new TableRows('flag_acknowledgement', [
    'id',
    'council_id',
    'flag_id',
    'user_id',
    'acknowledged_at',
    'note',
  ]);

  get sessions(): number {
    return this.session.lines.length;
  }

  private ordered(): TableRows[] {
    return [
      this.council,
      this.centre,
      this.room,
      this.staff,
      this.carer,
      this.child,
      this.family,
      this.childFamily,
      this.childCase,
      this.agreement,
      this.participant,
      this.session,
      this.attendance,
      this.observation,
      this.amendment,
      this.flag,
      this.ack,
    ];
  }

  async flush(pool: pg.Pool, progress: Progress): Promise<void> {
    const client = await pool.connect();
    try {
      for (const t of this.ordered()) {
        await copyInto(client, t, t === this.session ? (n) => progress.add(n) : undefined);
        t.lines.length = 0;
      }
    } finally {
      client.release();
    }
  }
}

/**
 * Builds the data. One instance per database: `core()` once, then `growTo()` as often as the scenarios need a
 * bigger database (10k, then 100k, then 1M sessions).
 */
export class DataGenerator {
  private readonly rand: () => number;
  private councils = 0;
  private readonly dueCache = new Map<number, Date>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly now: Date,
    seed = 7,
  ) {
    this.rand = prng(seed);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)]!;
  }

  async sessionCount(): Promise<number> {
    const r = await this.pool.query<{ n: string }>('select count(*)::text as n from session');
    return Number(r.rows[0]!.n);
  }

  /** The benchmark council: a 12-room centre with 60 days of history, today's board, and a child with 500 sessions. */
  async core(): Promise<BenchFixture> {
    const batch = new Batch();
    const progress = new Progress('benchmark council', 500 + Math.round(12 * 6 * AVERAGE_FILL * 60) + 12);
    const council = this.council(batch, 'Benchmark Borough Council');
    const centre = this.centre(batch, council, 'Harbour Lane Family Contact Centre', 12, 'bench');
    const sw = centre.socialWorkers[0]!;
    const special = this.family(batch, council, centre.id, centre.managerId, sw, {
      category: 'B',
      risks: ['inadequate_parenting'],
      first: 'Maisie',
      last: 'Benchmark',
    });
    const children = Array.from({ length: Math.ceil((12 * 6 * AVERAGE_FILL * 7) / 1.5) }, () =>
      this.family(batch, council, centre.id, centre.managerId, this.pick(centre.socialWorkers)),
    );
    const today = londonDateKey(this.now);

    // The child with 500 sessions: Tuesdays and Saturdays at 19:00 in the first room, for 250 weeks.
    const taken = new Set<string>();
    let day = addDaysToDateKey(today, -2);
    let historySessions = 0;
    while (historySessions < 500) {
      const wd = weekdayOfDateKey(day);
      if (wd === 2 || wd === 6) {
        this.pastSession(batch, council, centre, 0, 5, day, special);
        taken.add(`${day}/0/5`);
        historySessions += 1;
      }
      day = addDaysToDateKey(day, -1);
    }
    progress.add(500);
    // Two upcoming sessions for the same child.
    for (const ahead of [7, 10]) {
      const key = addDaysToDateKey(today, ahead);
      this.futureSession(batch, council, centre, 0, 5, key, special);
    }
    this.history(batch, council, centre, children, 60, taken);
    this.todaysBoard(batch, council, centre, children);
    await batch.flush(this.pool, progress);
    progress.finish();
    return {
      councilId: council,
      centreId: centre.id,
      roomIds: centre.rooms,
      supervisorIds: centre.supervisors,
      managerEmail: centre.managerEmail,
      integratorEmail: centre.integratorEmail,
      socialWorkerEmail: centre.socialWorkerEmails[0]!,
      historyChildId: special.id,
      historySessions,
      bookable: children
        .filter((c) => !c.highVigilance)
        .map((c) => ({ agreementId: c.agreementId, childId: c.id })),
    };
  }

  /** Adds background councils until the database holds at least `target` sessions. */
  async growTo(target: number): Promise<number> {
    let have = await this.sessionCount();
    if (have >= target) return have;
    const progress = new Progress(`growing to ${target.toLocaleString('en-GB')}`, target - have);
    let batch = new Batch();
    let remaining = target - have;
    while (remaining > 0) {
      const council = this.council(batch, `Background Council ${this.councils}`);
      const centres = 1 + Math.floor(this.rand() * 4);
      for (let c = 0; c < centres && remaining > 0; c++) {
        const rooms = 6 + Math.floor(this.rand() * 7);
        const perDay = rooms * SLOTS.length * AVERAGE_FILL;
        const days = Math.max(7, Math.min(365, Math.ceil(remaining / perDay)));
        const centre = this.centre(
          batch,
          council,
          `Centre ${this.councils}-${c}`,
          rooms,
          `c${this.councils}-${c}`,
        );
        const children = Array.from({ length: Math.ceil((perDay * 7) / 1.5) }, () =>
          this.family(batch, council, centre.id, centre.managerId, this.pick(centre.socialWorkers)),
        );
        const before = batch.sessions;
        this.history(batch, council, centre, children, days, new Set(), remaining);
        remaining -= batch.sessions - before;
        if (batch.sessions >= FLUSH_SESSIONS) {
          await batch.flush(this.pool, progress);
          batch = new Batch();
        }
      }
    }
    await batch.flush(this.pool, progress);
    progress.finish();
    await this.pool.query('analyze');
    have = await this.sessionCount();
    return have;
  }

  private council(batch: Batch, name: string): string {
    const id = randomUUID();
    this.councils += 1;
    batch.council.add({ id, name });
    return id;
  }

  private centre(batch: Batch, councilId: string, name: string, rooms: number, slug: string) {
    const id = randomUUID();
    batch.centre.add({
      id,
      council_id: councilId,
      name,
      address: `${1 + Math.floor(this.rand() * 200)} ${this.pick(['High Street', 'Station Road', 'Church Lane', 'Mill Road'])}`,
      opening_hours: DEFAULT_OPENING_HOURS,
      turnover_minutes: TURNOVER,
    });
    const roomIds: string[] = [];
    const names = [
      'Willow',
      'Oak',
      'Birch',
      'Hazel',
      'Rowan',
      'Maple',
      'Cedar',
      'Elm',
      'Ash',
      'Holly',
      'Alder',
      'Beech',
    ];
    for (let r = 0; r < rooms; r++) {
      const roomId = randomUUID();
      roomIds.push(roomId);
      batch.room.add({
        id: roomId,
        council_id: councilId,
        centre_id: id,
        name: names[r] ?? `Room ${r + 1}`,
        capacity: 4 + (r % 5),
        facilities: r % 3 === 0 ? ['toys', 'baby change', 'garden access'] : ['toys', 'kitchenette'],
        condition: 'ready',
        condition_note: null,
        condition_changed_at: null,
      });
    }
    const staff = (role: Staff['role'], n: number, centreId: string | null) => {
      const user = { id: randomUUID(), email: `${role.replace('_', '-')}.${n}@${slug}.example`, role };
      batch.staff.add({
        id: user.id,
        council_id: councilId,
        centre_id: centreId,
        name: `${this.pick(ADULT_FIRST)} ${this.pick(LAST)}`,
        email: user.email,
        role,
        active: true,
      });
      return user;
    };
    const manager = staff('centre_manager', 1, id);
    // One supervisor per room and one second member of staff per room: nobody is ever in two rooms at once.
    const supervisors = roomIds.map((_, r) => staff('supervisor', r + 1, id).id);
    const seconds = roomIds.map((_, r) => staff('supervisor', rooms + r + 1, id).id);
    const socialWorkers = Array.from({ length: Math.max(2, Math.ceil(rooms / 2)) }, (_, k) =>
      staff('social_worker', k + 1, null),
    );
    const integrator = staff('integrator', 1, null);
    return {
      id,
      councilId,
      rooms: roomIds,
      supervisors,
      seconds,
      managerId: manager.id,
      managerEmail: manager.email,
      integratorEmail: integrator.email,
      socialWorkers: socialWorkers.map((s) => s.id),
      socialWorkerEmails: socialWorkers.map((s) => s.email),
    };
  }

  private family(
    batch: Batch,
    councilId: string,
    centreId: string,
    managerId: string,
    socialWorkerId: string,
    fixed: { category?: Category; risks?: RiskFactor[]; first?: string; last?: string } = {},
  ): ChildPlan {
    const category =
      fixed.category ?? this.pick<Category>(['A', 'A', 'A', 'B', 'B', 'B', 'B', 'C', 'C', 'D']);
    const preSchool = category === 'A' || category === 'D';
    const parentWorks = category === 'C' || category === 'D';
    const age = preSchool ? 1 + Math.floor(this.rand() * 4) : 5 + Math.floor(this.rand() * 11);
    const dob = `${this.now.getUTCFullYear() - age}-${String(1 + Math.floor(this.rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(this.rand() * 28)).padStart(2, '0')}`;
    const carerId = randomUUID();
    const childId = randomUUID();
    const parentId = randomUUID();
    const lastName = fixed.last ?? this.pick(LAST);
    const firstName = fixed.first ?? this.pick(FIRST);
    batch.carer.add({
      id: carerId,
      council_id: councilId,
      name: `${this.pick(ADULT_FIRST)} ${this.pick(LAST)}`,
      address: `${1 + Math.floor(this.rand() * 90)} Foster Way`,
      phone: '01632 960000',
    });
    batch.child.add({
      id: childId,
      council_id: councilId,
      first_name: firstName,
      last_name: lastName,
      date_of_birth: dob,
      carer_id: carerId,
      school_pattern: preSchool ? [] : SCHOOL,
      retain_until: retentionDate({ dateOfBirth: dob }),
    });
    const parentFirst = this.pick(ADULT_FIRST);
    batch.family.add({
      id: parentId,
      council_id: councilId,
      first_name: parentFirst,
      last_name: lastName,
      phone: '07700 900000',
      work_pattern: parentWorks ? OFFICE : [],
    });
    batch.childFamily.add({
      council_id: councilId,
      child_id: childId,
      family_member_id: parentId,
      relationship: this.pick(['mother', 'father', 'grandmother']),
    });
    const signedAt = new Date(this.now.getTime() - 400 * 24 * 60 * MINUTE);
    batch.childCase.add({
      id: randomUUID(),
      council_id: councilId,
      child_id: childId,
      social_worker_id: socialWorkerId,
      opened_at: signedAt,
    });
    const risks = fixed.risks ?? this.pick(RISKS);
    const decision = supervisionLevelFor(risks);
    const agreementId = randomUUID();
    const contactType = decision.level === 'supported' ? 'supported' : 'supervised';
    batch.agreement.add({
      id: agreementId,
      council_id: councilId,
      child_id: childId,
      centre_id: centreId,
      contact_type: contactType,
      supervision_level: decision.level,
      supervision_reasons: decision.reasons,
      risk_factors: risks,
      sessions_per_week: 2,
      session_minutes: SESSION_MINUTES,
      transport_plan: `The social worker arranges ${firstName}'s taxi from and to the carers; the parent travels by bus.`,
      conditions: [
        'Arrive 15 minutes before the session and stay 15 minutes after it ends',
        'Tell the centre before the session if you cannot attend',
      ],
      signed_at: signedAt,
      signed_by: `${parentFirst} ${lastName}`,
      status: 'active',
      review_date: addDaysToDateKey(londonDateKey(this.now), 30 + Math.floor(this.rand() * 90)),
      created_by_id: socialWorkerId,
    });
    batch.participant.add({ council_id: councilId, agreement_id: agreementId, family_member_id: parentId });
    void managerId;
    return {
      id: childId,
      agreementId,
      firstName,
      contactType,
      highVigilance: decision.requiresSecondStaff,
      socialWorkerId,
      category,
      unexplainedStreak: 0,
      chainHead: null,
    };
  }

  /** `days` days of past sessions for a centre, ending two days ago, each cell (day, room, slot) at most once. */
  private history(
    batch: Batch,
    councilId: string,
    centre: ReturnType<DataGenerator['centre']>,
    children: ChildPlan[],
    days: number,
    taken: ReadonlySet<string>,
    limit = Number.POSITIVE_INFINITY,
  ): void {
    const pools: Record<Category, ChildPlan[]> = { A: [], B: [], C: [], D: [] };
    for (const c of children) pools[c.category].push(c);
    const turn: Record<Category, number> = { A: 0, B: 0, C: 0, D: 0 };
    const today = londonDateKey(this.now);
    let written = 0;
    // Oldest first, so that each child's evidence chain and absence streak run forward in time.
    for (let d = days + 1; d >= 2 && written < limit; d--) {
      const key = addDaysToDateKey(today, -d);
      const wd = weekdayOfDateKey(key);
      for (let slot = 0; slot < SLOTS.length; slot++) {
        const cats = eligible(wd, slot).filter((c) => pools[c].length > 0);
        if (cats.length === 0) continue;
        for (let r = 0; r < centre.rooms.length && written < limit; r++) {
          if (taken.has(`${key}/${r}/${slot}`) || this.rand() > fill(wd, slot)) continue;
          const cat = cats[(d * 7 + slot * 3 + r) % cats.length]!;
          const pool = pools[cat];
          const child = pool[turn[cat]++ % pool.length]!;
          this.pastSession(batch, councilId, centre, r, slot, key, child);
          written += 1;
        }
      }
    }
  }

  private sessionRow(
    councilId: string,
    centre: ReturnType<DataGenerator['centre']>,
    room: number,
    child: ChildPlan,
    startsAt: Date,
    status: string,
  ) {
    const endsAt = new Date(startsAt.getTime() + SESSION_MINUTES * MINUTE);
    return {
      id: randomUUID(),
      council_id: councilId,
      centre_id: centre.id,
      room_id: centre.rooms[room]!,
      supervisor_id: centre.supervisors[room]!,
      second_staff_id: child.highVigilance ? centre.seconds[room]! : null,
      agreement_id: child.agreementId,
      child_id: child.id,
      kind: 'contact',
      starts_at: startsAt,
      ends_at: endsAt,
      turnover_minutes: TURNOVER,
      // Overwritten by the session_hold_span trigger; given here only because the columns are NOT NULL.
      held_from: startsAt,
      held_until: endsAt,
      status,
      parent_arrived_at: null as Date | null,
      child_arrived_at: null as Date | null,
      started_at: null as Date | null,
      ended_at: null as Date | null,
      cancelled_at: null as Date | null,
      cancelled_by_id: null as string | null,
      cancellation_reason: null as string | null,
      cancellation_note: null as string | null,
      family_informed_at: null as Date | null,
      created_at: new Date(startsAt.getTime() - 14 * 24 * 60 * MINUTE),
      updated_at: startsAt,
    };
  }

  private outcome(child: ChildPlan): string {
    const x = this.rand();
    let outcome =
      x < 0.72
        ? 'attended'
        : x < 0.8
          ? 'late_within_grace'
          : x < 0.87
            ? 'explained_absence'
            : x < 0.92
              ? 'centre_cancelled'
              : 'unexplained_no_show';
    // One more unexplained absence would have suspended the agreement (rule 8): the family came this time.
    if (outcome === 'unexplained_no_show' && child.unexplainedStreak >= STRIKES_TO_SUSPEND - 1)
      outcome = 'attended';
    if (outcome === 'unexplained_no_show') child.unexplainedStreak += 1;
    else if (outcome === 'attended' || outcome === 'late_within_grace') child.unexplainedStreak = 0;
    return outcome;
  }

  private pastSession(
    batch: Batch,
    councilId: string,
    centre: ReturnType<DataGenerator['centre']>,
    room: number,
    slot: number,
    day: string,
    child: ChildPlan,
  ): void {
    const startsAt = fromLondonDateKey(day, SLOTS[slot]!);
    const outcome = this.outcome(child);
    const status =
      outcome === 'centre_cancelled'
        ? 'cancelled'
        : outcome === 'attended' || outcome === 'late_within_grace'
          ? 'ended'
          : 'not_attended';
    const s = this.sessionRow(councilId, centre, room, child, startsAt, status);
    const start = startsAt.getTime();
    const late = outcome === 'late_within_grace' ? 9 : null;
    if (status === 'cancelled') {
      s.cancelled_at = new Date(start - 6 * 60 * MINUTE);
      s.cancelled_by_id = centre.managerId;
      s.cancellation_reason = 'child_ill';
      s.cancellation_note = 'Carer rang: child has a temperature.';
      s.family_informed_at = new Date(start - 5.5 * 60 * MINUTE);
    } else if (status === 'ended') {
      s.parent_arrived_at = new Date(start + (late ?? -15) * MINUTE);
      s.child_arrived_at = new Date(start + Math.max(late ?? 0, 0) * MINUTE + MINUTE);
      s.started_at = new Date(s.child_arrived_at.getTime() + MINUTE);
      s.ended_at = s.ends_at;
    }
    batch.session.add(s);
    batch.attendance.add({
      id: randomUUID(),
      council_id: councilId,
      session_id: s.id,
      outcome,
      minutes_late: late,
      recorded_by_id: s.supervisor_id,
      recorded_at: s.ends_at,
      note: outcome === 'explained_absence' ? 'Parent phoned the centre the morning before: unwell.' : null,
    });
    if (status === 'ended' && child.contactType === 'supervised')
      this.observation(batch, councilId, centre, room, s, child);
    if (status === 'ended' && this.rand() < 0.03) this.flag(batch, councilId, centre, s, child);
  }

  private observation(
    batch: Batch,
    councilId: string,
    centre: ReturnType<DataGenerator['centre']>,
    room: number,
    s: ReturnType<DataGenerator['sessionRow']>,
    child: ChildPlan,
  ): void {
    const end = s.ends_at.getTime();
    const age = (this.now.getTime() - end) / (24 * 60 * MINUTE);
    const status = age >= 14 ? 'final' : age >= 5 ? 'submitted' : 'draft';
    let due = this.dueCache.get(end);
    if (!due) {
      due = reportDueDate(s.ends_at, 'england_and_wales');
      this.dueCache.set(end, due);
    }
    const id = randomUUID();
    const reviewer = centre.supervisors[(room + 1) % centre.supervisors.length]!;
    const contentHash = status === 'final' ? hex(this.rand) : null;
    const previousHash = status === 'final' ? child.chainHead : null;
    if (contentHash) child.chainHead = contentHash;
    batch.observation.add({
      id,
      council_id: councilId,
      session_id: s.id,
      child_id: child.id,
      author_id: s.supervisor_id,
      reviewer_id: status === 'final' ? reviewer : null,
      status,
      sections: OBSERVATION_SECTIONS.map(({ key }) => ({
        key,
        facts:
          key === 'arrival_and_greetings'
            ? `Parent arrived before ${child.firstName}; they hugged and said hello.`
            : 'Nothing to record',
        opinion:
          key === 'interactions' ? `In my view the parent responded warmly to ${child.firstName}.` : '',
      })),
      due_at: due,
      submitted_at: status === 'draft' ? null : new Date(end + 20 * 60 * MINUTE),
      approved_at: status === 'final' ? new Date(end + 44 * 60 * MINUTE) : null,
      finalised_at: status === 'final' ? new Date(end + 44 * 60 * MINUTE) : null,
      content_hash: contentHash,
      previous_hash: previousHash,
      created_at: s.ends_at,
      updated_at: s.ends_at,
    });
    if (status === 'final' && this.rand() < 0.04) {
      const hash = hex(this.rand);
      batch.amendment.add({
        id: randomUUID(),
        council_id: councilId,
        observation_id: id,
        child_id: child.id,
        author_id: s.supervisor_id,
        reason: 'Correction of fact',
        text: `${child.firstName}'s grandmother also joined for the last ten minutes, with the social worker's agreement.`,
        created_at: new Date(end + 68 * 60 * MINUTE),
        content_hash: hash,
        previous_hash: child.chainHead,
      });
      child.chainHead = hash;
    }
  }

  private flag(
    batch: Batch,
    councilId: string,
    centre: ReturnType<DataGenerator['centre']>,
    s: ReturnType<DataGenerator['sessionRow']>,
    child: ChildPlan,
  ): void {
    const raisedAt = new Date(s.starts_at.getTime() + 30 * MINUTE);
    const severity = this.pick(SEVERITIES) as 'low' | 'medium' | 'high';
    const old = this.now.getTime() - raisedAt.getTime() > 30 * 24 * 60 * MINUTE;
    const id = randomUUID();
    batch.flag.add({
      id,
      council_id: councilId,
      centre_id: centre.id,
      child_id: child.id,
      session_id: s.id,
      category: this.pick(CATEGORIES),
      severity,
      description: `${child.firstName} became upset when the parent talked about going home; the supervisor redirected the conversation.`,
      raised_by_id: s.supervisor_id,
      raised_at: raisedAt,
      acknowledge_by: acknowledgementDeadline(raisedAt, severity),
      status: old ? 'resolved' : 'acknowledged',
      resolved_at: old ? new Date(raisedAt.getTime() + 3 * 24 * 60 * MINUTE) : null,
      resolved_by_id: old ? child.socialWorkerId : null,
      outcome: old ? 'Discussed with the parent; contact conditions restated in writing.' : null,
    });
    batch.ack.add({
      id: randomUUID(),
      council_id: councilId,
      flag_id: id,
      user_id: child.socialWorkerId,
      acknowledged_at: new Date(raisedAt.getTime() + 40 * MINUTE),
      note: null,
    });
  }

  private futureSession(
    batch: Batch,
    councilId: string,
    centre: ReturnType<DataGenerator['centre']>,
    room: number,
    slot: number,
    day: string,
    child: ChildPlan,
  ): void {
    batch.session.add(
      this.sessionRow(councilId, centre, room, child, fromLondonDateKey(day, SLOTS[slot]!), 'scheduled'),
    );
  }

  /** The live board of the 12-room centre, around now: occupied rooms, arrivals, an ended session, later bookings. */
  private todaysBoard(
    batch: Batch,
    councilId: string,
    centre: ReturnType<DataGenerator['centre']>,
    children: ChildPlan[],
  ): void {
    const at = (minutes: number) => new Date(this.now.getTime() + minutes * MINUTE);
    centre.rooms.forEach((_, r) => {
      const child = children[r]!;
      const kind = r % 6;
      const offset = [-25, 5, -2, -95, 120, 180][kind]!;
      const status = ['in_progress', 'parent_arrived', 'child_arrived', 'ended', 'scheduled', 'scheduled'][
        kind
      ]!;
      const s = this.sessionRow(councilId, centre, r, child, at(offset), status);
      if (kind === 0)
        Object.assign(s, { parent_arrived_at: at(-41), child_arrived_at: at(-26), started_at: at(-25) });
      if (kind === 1) s.parent_arrived_at = at(-8);
      if (kind === 2) Object.assign(s, { parent_arrived_at: at(-19), child_arrived_at: at(-2) });
      if (kind === 3) {
        Object.assign(s, {
          parent_arrived_at: at(-112),
          child_arrived_at: at(-95),
          started_at: at(-94),
          ended_at: at(-35),
        });
        batch.attendance.add({
          id: randomUUID(),
          council_id: councilId,
          session_id: s.id,
          outcome: 'attended',
          minutes_late: null,
          recorded_by_id: s.supervisor_id,
          recorded_at: at(-34),
          note: null,
        });
      }
      batch.session.add(s);
    });
  }
}

/** Rooms that staff marked, so that the board shows every state. */
export async function markRooms(pool: pg.Pool, fixture: BenchFixture, now: Date): Promise<void> {
  await pool.query(`update room set condition = 'needs_tidying', condition_changed_at = $2 where id = $1`, [
    fixture.roomIds[3],
    now,
  ]);
  await pool.query(
    `update room set condition = 'out_of_service', condition_note = 'Radiator fault: engineer booked', condition_changed_at = $2 where id = $1`,
    [fixture.roomIds[11], now],
  );
}
