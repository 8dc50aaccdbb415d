import type { MessageChannel } from '@kinroom/schema';

/** How a family member or carer is reached by messages, and whether they must not be contacted at all. */
export interface ContactPreferences {
  contactBy: MessageChannel | null;
  doNotContact: boolean;
  doNotContactReason: string | null;
}

/** The fields of a record's form that hold them, as the API names them in a refusal. */
export const CONTACT_PREFERENCE_FIELDS = ['contactBy', 'doNotContact', 'doNotContactReason'] as const;

export const CHANNEL_CHOICES: Record<MessageChannel, string> = {
  EMAIL: 'Email',
  TEXT_MESSAGE: 'Text message (a UK mobile)',
  LETTER: 'Letter',
};

const PREFERRED: Record<MessageChannel, string> = {
  EMAIL: 'email',
  TEXT_MESSAGE: 'text message',
  LETTER: 'letter',
};

/** A carer is reached by email or text message; letters go to families. */
export const CARER_CHANNELS: readonly MessageChannel[] = ['EMAIL', 'TEXT_MESSAGE'];
export const FAMILY_CHANNELS: readonly MessageChannel[] = ['EMAIL', 'TEXT_MESSAGE', 'LETTER'];

/** The preferences as a form starts with them, from the record (or none for a new one). */
export function preferencesOf(r: Partial<ContactPreferences> | null | undefined): ContactPreferences {
  return {
    contactBy: r?.contactBy ?? null,
    doNotContact: r?.doNotContact ?? false,
    doNotContactReason: r?.doNotContactReason ?? '',
  };
}

/** What is wrong before sending: "do not contact" needs a reason. */
export function preferenceProblem(p: ContactPreferences): { field: string; message: string } | null {
  if (p.doNotContact && !p.doNotContactReason?.trim()) {
    return { field: 'doNotContactReason', message: 'Say why they must not be contacted.' };
  }
  return null;
}

/** The preferences as the API takes them: the reason trimmed, and none once "do not contact" is lifted. */
export function preferencesInput(p: ContactPreferences): ContactPreferences {
  return {
    contactBy: p.contactBy,
    doNotContact: p.doNotContact,
    doNotContactReason: p.doNotContact ? p.doNotContactReason?.trim() || null : null,
  };
}

/** "Email", "Text message", "Letter", or "Kinroom chooses", and "do not contact" with its reason. */
export function preferencesText(p: Partial<ContactPreferences>): string {
  if (p.doNotContact) return `Do not contact: ${p.doNotContactReason ?? ''}`.trim();
  return p.contactBy ? `By ${PREFERRED[p.contactBy]}` : 'No preference: Kinroom chooses';
}
