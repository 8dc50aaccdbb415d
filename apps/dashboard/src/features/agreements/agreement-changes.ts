import { ref } from 'vue';

/**
 * Counts the changes made to agreements from this dashboard. Views that show agreements through reads of their own
 * (a child's history) watch it and read again: writing, signing or ending an agreement also ends or replaces others
 * and cancels sessions, which no single cached record carries.
 */
export const agreementChanges = ref(0);

export function agreementChanged(): void {
  agreementChanges.value += 1;
}
