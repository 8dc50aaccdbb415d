/** The ways a message reaches a person outside the dashboard (docs/notifications.md). */
export const CONTACT_CHANNELS = ['email', 'sms', 'letter'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** English only, or Welsh alongside English (Welsh first), as the council chooses. */
export const MESSAGE_LANGUAGES = ['en', 'cy_en'] as const;
export type MessageLanguages = (typeof MESSAGE_LANGUAGES)[number];

/**
 * Who a message is for: a child's family member or carer (people in the system), a member of staff, or the child's
 * independent reviewing officer (recorded on the child's case, not a Kinroom user: the recipient id is the case's).
 */
export const RECIPIENT_KINDS = ['family_member', 'carer', 'staff', 'reviewing_officer'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];
