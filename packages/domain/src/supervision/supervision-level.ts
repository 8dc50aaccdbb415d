/**
 * How closely a family's contact is supervised, from the assessed risks (docs/domain.md "Level of supervision"
 * and "Supported vs supervised contact").
 */

/** A risk recorded in the assessment behind a contact agreement. */
export type RiskFactor =
  | 'low_level_risk'
  | 'planned_rehabilitation'
  | 'inadequate_parenting'
  | 'substance_misuse'
  | 'alcohol_misuse'
  | 'mental_health'
  | 'abduction_risk'
  | 'domestic_abuse'
  | 'harm_during_contact';

/** Every {@link RiskFactor}. */
export const RISK_FACTORS = [
  'low_level_risk',
  'planned_rehabilitation',
  'inadequate_parenting',
  'substance_misuse',
  'alcohol_misuse',
  'mental_health',
  'abduction_risk',
  'domestic_abuse',
  'harm_during_contact',
] as const satisfies readonly RiskFactor[];

/** Words for each {@link RiskFactor}. */
export const RISK_FACTOR_LABELS: Readonly<Record<RiskFactor, string>> = {
  low_level_risk: 'Low-level risk',
  planned_rehabilitation: 'Rehabilitation (return home) is planned',
  inadequate_parenting: 'Inadequate parenting',
  substance_misuse: 'Substance misuse',
  alcohol_misuse: 'Alcohol misuse',
  mental_health: 'Mental health concerns',
  abduction_risk: 'Risk of abduction',
  domestic_abuse: 'Domestic abuse',
  harm_during_contact: 'Child has suffered, or is at risk of, harm during contact',
};

/** How closely contact is watched, from least to most. */
export type SupervisionLevel = 'supported' | 'supervised' | 'high_vigilance';

/** Every {@link SupervisionLevel}, least watchful first. */
export const SUPERVISION_LEVELS = [
  'supported',
  'supervised',
  'high_vigilance',
] as const satisfies readonly SupervisionLevel[];

/** Words for each {@link SupervisionLevel}. */
export const SUPERVISION_LEVEL_LABELS: Readonly<Record<SupervisionLevel, string>> = {
  supported: 'Supported contact',
  supervised: 'Supervised contact',
  high_vigilance: 'Supervised contact with high vigilance',
};

/**
 * The level each risk calls for. Low-level risk and planned rehabilitation call for support; the concerns
 * docs/domain.md lists as needing "stringent supervision" call for supervision; abduction risk calls for high
 * vigilance. Domestic abuse and harm during contact are not named in docs/domain.md's list, but the seed page
 * says supervised contact is used "when it has been assessed that a child has suffered or is at risk of
 * suffering harm during contact", so both map to `supervised`.
 */
export const RISK_FACTOR_LEVEL: Readonly<Record<RiskFactor, SupervisionLevel>> = {
  low_level_risk: 'supported',
  planned_rehabilitation: 'supported',
  inadequate_parenting: 'supervised',
  substance_misuse: 'supervised',
  alcohol_misuse: 'supervised',
  mental_health: 'supervised',
  domestic_abuse: 'supervised',
  harm_during_contact: 'supervised',
  abduction_risk: 'high_vigilance',
};

const RANK: Readonly<Record<SupervisionLevel, number>> = { supported: 0, supervised: 1, high_vigilance: 2 };

/** The reason recorded when the level had to be chosen without any assessed risk. */
export const NO_ASSESSMENT_REASON =
  'No risk assessment recorded: contact is supervised until an assessment sets the level';

/** The level of supervision, why, and what it demands of the centre. */
export interface SupervisionDecision {
  level: SupervisionLevel;
  /** One line per assessed risk, in {@link RISK_FACTORS} order, so the recorded reasons are stable. */
  reasons: string[];
  /** A second staff member is present (high vigilance: one watches the exits). */
  requiresSecondStaff: boolean;
  /** The supervisor writes an observation report (rule 9); supported contact only notes attendance. */
  requiresWrittenObservations: boolean;
}

/**
 * The level of supervision the assessed risks call for (docs/domain.md "Level of supervision"), with the
 * reasons to record beside it. The most watchful level any risk calls for wins: a planned rehabilitation
 * does not soften the supervision a substance-misuse concern needs.
 *
 * No risks at all is treated as a missing assessment, not as "no risk": contact is `supervised`, with
 * {@link NO_ASSESSMENT_REASON}. Defaulting to support would mean nobody watches and nothing is written
 * down for a child whose risks nobody has looked at.
 */
export function supervisionLevelFor(risks: readonly RiskFactor[]): SupervisionDecision {
  const present = RISK_FACTORS.filter((r) => risks.includes(r));
  if (present.length === 0) return decision('supervised', [NO_ASSESSMENT_REASON]);
  let level: SupervisionLevel = 'supported';
  for (const r of present) {
    if (RANK[RISK_FACTOR_LEVEL[r]] > RANK[level]) level = RISK_FACTOR_LEVEL[r];
  }
  return decision(
    level,
    present.map(
      (r) =>
        `${RISK_FACTOR_LABELS[r]}: calls for ${SUPERVISION_LEVEL_LABELS[RISK_FACTOR_LEVEL[r]].toLowerCase()}`,
    ),
  );
}

/**
 * Whether a session at this level needs a second member of staff: at high vigilance one watches the exits
 * (docs/domain.md "Level of supervision"). Booking refuses a session without one, and screens ask for one.
 */
export function secondStaffRequired(level: SupervisionLevel): boolean {
  return level === 'high_vigilance';
}

function decision(level: SupervisionLevel, reasons: string[]): SupervisionDecision {
  return {
    level,
    reasons,
    requiresSecondStaff: secondStaffRequired(level),
    requiresWrittenObservations: observationsRequired(level),
  };
}

/** Whether level `a` is at least as watchful as level `b`. */
export function isLevelAtLeast(a: SupervisionLevel, b: SupervisionLevel): boolean {
  return RANK[a] >= RANK[b];
}

/**
 * Whether the supervisor must write observations after a session at this level. Supported contact has no
 * close monitoring and no written observations, only attendance (docs/domain.md "Supported vs supervised
 * contact"); supervised and high-vigilance contact need a report (rule 9).
 */
export function observationsRequired(level: SupervisionLevel): boolean {
  return level !== 'supported';
}
