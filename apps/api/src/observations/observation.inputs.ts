import type { ObservationSectionKey } from '@kinroom/domain';
import { Field, InputType } from 'type-graphql';
import { ObservationSectionKeyEnum } from './observation.type.js';

@InputType({
  description:
    'One section of a draft as the supervisor types it. Facts and opinion are given separately and stored apart.',
})
export class ObservationSectionInput {
  @Field(() => ObservationSectionKeyEnum, { description: 'Which section.' })
  key!: ObservationSectionKey;

  @Field(() => String, {
    description:
      'What was seen and heard, with direct quotes; write "Nothing to record" when nothing happened. Up to 10,000 characters.',
  })
  facts!: string;

  @Field(() => String, {
    defaultValue: '',
    description:
      'The supervisor’s opinion, kept apart from the facts; may be empty. Up to 10,000 characters.',
  })
  opinion!: string;
}
