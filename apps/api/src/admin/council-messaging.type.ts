import { Field, ObjectType, registerEnumType } from 'type-graphql';
import type { MessageLanguages } from '../notifications/contact.js';

export const MessageLanguagesEnum: Record<string, MessageLanguages> = {
  ENGLISH: 'en',
  WELSH_AND_ENGLISH: 'cy_en',
};
registerEnumType(MessageLanguagesEnum, {
  name: 'MessageLanguages',
  description: 'The languages a council writes its messages to families in.',
  valuesConfig: {
    ENGLISH: { description: 'English only.' },
    WELSH_AND_ENGLISH: { description: 'Welsh first, then English, in every message.' },
  },
});

@ObjectType('CouncilMessaging', {
  description:
    'How the council writes the messages Kinroom sends outside the dashboard (docs/notifications.md).',
})
export class CouncilMessagingType {
  @Field(() => MessageLanguagesEnum, { description: 'English only, or Welsh alongside English.' })
  messageLanguages!: MessageLanguages;
}
