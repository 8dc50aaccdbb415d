import { Field, ObjectType } from 'type-graphql';

@ObjectType({
  description: 'The state of this Kinroom server, for monitoring and for integrators checking a connection.',
})
export class ServerStatus {
  @Field(() => String, { description: 'Always "ok" when the server can answer and reach its database.' })
  status!: string;

  @Field(() => String, { description: 'The version of the Kinroom API that answered.' })
  version!: string;

  @Field(() => Date, { description: 'The server clock, in UTC, when it answered.' })
  now!: Date;
}
