import type { StaffRole } from '@kinroom/domain';
import { t } from '@mikro-orm/core';
import { Check, Entity, Property } from '@mikro-orm/decorators/legacy';
import { CouncilOwned } from '../db/base.entity.js';

/** The roles (docs/domain.md "Who uses it"); the type is the domain's. */
export type { StaffRole };
export const STAFF_ROLES: readonly StaffRole[] = [
  'centre_manager',
  'supervisor',
  'social_worker',
  'integrator',
  'admin',
];

@Entity({ tableName: 'staff_user' })
// A manager or supervisor works at a centre; the database refuses one without (migration 0006).
@Check({
  name: 'staff_user_centre_roles_have_centre',
  expression: "role not in ('centre_manager', 'supervisor') or centre_id is not null",
})
export class StaffUser extends CouncilOwned {
  /** The centre a manager or supervisor works at (never null for them); null for the council's other staff. */
  @Property({ type: t.uuid, nullable: true })
  centreId: string | null = null;

  @Property({ type: t.text })
  name!: string;

  @Property({ type: t.text })
  email!: string;

  /** A mobile number for messages that must reach this person at once (a flag not acknowledged in time). */
  @Property({ type: t.text, nullable: true })
  mobile: string | null = null;

  @Property({ type: t.text })
  role!: StaffRole;

  @Property({ type: t.boolean })
  active: boolean = true;

  /** The identity provider's stable subject (`sub`) this account signs in as; null until the first sign-in. */
  @Property({ type: t.text, nullable: true })
  oidcSubject: string | null = null;

  /** Signing out refuses every token of this person issued before this moment. */
  @Property({ type: t.datetime, nullable: true })
  signedOutBefore: Date | null = null;

  /** When an admin deactivated the account (it stops working at once, open sockets included). */
  @Property({ type: t.datetime, nullable: true })
  deactivatedAt: Date | null = null;

  @Property({ type: t.datetime })
  updatedAt: Date = new Date();

  @Property({ type: t.datetime })
  createdAt: Date = new Date();
}
