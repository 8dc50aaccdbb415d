import type { FlagCategory, FlagSeverity } from '@kinroom/domain';
import { Field, ID, InputType } from 'type-graphql';
import { FlagCategoryEnum, FlagSeverityEnum } from './flag.type.js';

@InputType({
  description: 'A safeguarding concern, raised at any time by a supervisor or the centre manager.',
})
export class RaiseFlagInput {
  @Field(() => ID, {
    description: 'The child concerned: one whose sessions you supervise, or at your centre.',
  })
  childId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The session it arose in, if any; it must be this child’s session and one you can see.',
  })
  sessionId?: string | null;

  @Field(() => FlagCategoryEnum, { description: 'What it is about.' })
  category!: FlagCategory;

  @Field(() => FlagSeverityEnum, {
    description: 'How serious it is; this sets the acknowledgement deadline.',
  })
  severity!: FlagSeverity;

  @Field(() => String, {
    description: 'What happened: facts and direct quotes, up to 10,000 characters.',
  })
  description!: string;
}
