import { Field, ObjectType } from 'type-graphql';
import { ObservationAmendmentType } from '../observations/observation.type.js';
import type { Session } from '../sessions/session.entity.js';
import { SessionType } from '../sessions/session.type.js';

@ObjectType('CentreAmendment', {
  description:
    'A dated, signed addendum to a final observation record of a session at the centre, with the session it records (docs/desk.md).',
})
export class CentreAmendmentType {
  @Field(() => ObservationAmendmentType, {
    description: 'The addendum: who signed it, when, why, and what it says.',
  })
  amendment!: ObservationAmendmentType;

  @Field(() => SessionType, {
    description: 'The session the amended record is of: when, which child, where.',
  })
  session!: Session;
}
