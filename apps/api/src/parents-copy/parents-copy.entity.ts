import type { ParentsCopyMethod } from '@kinroom/domain';
import { t } from '@mikro-orm/core';
import { Entity, Property } from '@mikro-orm/decorators/legacy';
import { CouncilOwned } from '../db/base.entity.js';

/** What every entry about a child's parents' copy keeps: whose copy, who recorded the entry and when (server's clock). */
export abstract class ParentsCopyEntry extends CouncilOwned {
  @Property({ type: t.uuid })
  childId!: string;

  @Property({ type: t.uuid })
  recordedById!: string;

  @Property({ type: t.datetime })
  recordedAt!: Date;
}

/** An entry that decides what the parents may read, with the social worker's reason. */
export abstract class ReasonedParentsCopyEntry extends ParentsCopyEntry {
  @Property({ type: t.text })
  reason!: string;
}

/** A part of a final record the child's social worker keeps out of the parents' copy, and why. Never rewritten. */
@Entity({ tableName: 'parents_copy_withholding' })
export class ParentsCopyWithholding extends ReasonedParentsCopyEntry {
  @Property({ type: t.uuid })
  observationId!: string;

  /** Which part, in the social worker's words (a section, a sentence). */
  @Property({ type: t.text })
  what!: string;
}

/** A withholding taken back (the part may go to the parents after all): a dated entry of its own, never an edit. */
@Entity({ tableName: 'parents_copy_release' })
export class ParentsCopyRelease extends ReasonedParentsCopyEntry {
  @Property({ type: t.uuid })
  withholdingId!: string;
}

/** One sharing of the parents' copy: with whom, how, when it was shared and when that was recorded. */
@Entity({ tableName: 'parents_copy_sharing' })
export class ParentsCopySharing extends ParentsCopyEntry {
  @Property({ type: t.uuid })
  observationId!: string;

  /** The family members who took part in the session and were given the copy. */
  @Property({ type: t.array })
  sharedWith!: string[];

  @Property({ type: t.text })
  method!: ParentsCopyMethod;

  /** When it was shared, as the social worker says. */
  @Property({ type: t.datetime })
  sharedAt!: Date;
}
