import { t } from '@mikro-orm/core';
import { Entity, Property } from '@mikro-orm/decorators/legacy';
import { CouncilOwned } from '../db/base.entity.js';

export type StaffRole = 'centre_manager' | 'supervisor' | 'social_worker' | 'integrator' | 'admin';
export const STAFF_ROLES: readonly StaffRole[] = [
  'centre_manager',
  'supervisor',
  'social_worker',
  'integrator',
  'admin',
];

@Entity({ tableName: 'staff_user' })
export class StaffUser extends CouncilOwned {
  @Property({ type: t.uuid, nullable: true })
  centreId: string | null = null;

  @Property({ type: t.text })
  name!: string;

  @Property({ type: t.text })
  email!: string;

  @Property({ type: t.text })
  role!: StaffRole;

  @Property({ type: t.boolean })
  active: boolean = true;

  @Property({ type: t.datetime })
  createdAt: Date = new Date();
}
