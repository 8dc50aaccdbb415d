import type { FlagCategory, FlagSeverity } from '@kinroom/domain';
import { Field, ObjectType } from 'type-graphql';
import { ChildSummary } from '../people/people.type.js';
import { RoomSummary } from '../rooms/room.type.js';
import { FlagCategoryEnum, FlagSeverityEnum } from './flag.type.js';

@ObjectType('SiteAlert', {
  description:
    'A child on site today about whom a safeguarding flag still being handled says there is an abduction risk or a danger now (an attempted abduction, or critical severity): enough for everyone working at the centre to keep watch, and no more. It never carries what the flag says: the whole flag is for the centre manager, the supervisors of the child’s sessions and the child’s social worker (docs/access.md).',
  simpleResolvers: true,
})
export class SiteAlertType {
  @Field(() => ChildSummary, { description: 'The child: first name and initial only.' })
  child!: ChildSummary;

  @Field(() => FlagCategoryEnum, { description: 'What the flag is about.' })
  category!: FlagCategory;

  @Field(() => FlagSeverityEnum, { description: 'How serious it is.' })
  severity!: FlagSeverity;

  @Field(() => RoomSummary, { description: 'The room of the child’s session today.' })
  room!: RoomSummary;

  @Field(() => Date, { description: 'When the child’s session today starts.' })
  startsAt!: Date;

  @Field(() => Date, { description: 'When it ends.' })
  endsAt!: Date;
}
