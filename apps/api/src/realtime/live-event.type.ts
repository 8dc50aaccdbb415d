import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('LiveEvent', {
  description:
    'A change that just happened. Keep the newest `cursor` you received and pass it as `after` when you resubscribe: everything you missed is replayed first, in order, none twice.',
})
export class LiveEventType {
  @Field(() => String, {
    description: 'Position of this change in the event log: a growing number, as a string.',
  })
  cursor!: string;

  @Field(() => String, {
    description: 'What kind of record changed: room, session, flag, agreement or observation.',
  })
  topic!: string;

  @Field(() => String, {
    description: 'What happened, e.g. booked, record_parent_arrival, cancelled, raised, acknowledged.',
  })
  kind!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The id of the record that changed (a session, room, flag …).',
  })
  subjectId!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The centre the change belongs to, when it belongs to one.',
  })
  centreId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The child the change concerns, when it concerns one.' })
  childId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'For sessions and rooms: the new status or condition, lower case.',
  })
  status!: string | null;

  @Field(() => ID, { nullable: true, description: 'For sessions and rooms: the room concerned.' })
  roomId!: string | null;

  @Field(() => Date, { description: 'When the change was committed.' })
  occurredAt!: Date;
}
