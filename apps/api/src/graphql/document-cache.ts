import type { DocumentStore } from '@apollo/server';
import type { DocumentNode } from 'graphql';

/**
 * Apollo keeps every document it has parsed and validated, up to about 30 MiB by default, so a client sending
 * ever-new documents (a script, a scanner) makes the server hold that much for good. This cache keeps what clients
 * really repeat (the dashboard's operations, an integrator's) and bounds what anyone can make it hold: at most
 * `maxDocuments` documents and `maxChars` characters of their source, the least recently used going first.
 */
export class DocumentCache implements DocumentStore {
  private readonly entries = new Map<string, { document: DocumentNode; chars: number }>();
  private chars = 0;

  constructor(
    private readonly maxDocuments = 500,
    private readonly maxChars = 200_000,
  ) {}

  async get(key: string): Promise<DocumentNode | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Map keeps insertion order: moving the entry to the end marks it as the most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.document;
  }

  async set(key: string, document: DocumentNode): Promise<void> {
    await this.delete(key);
    const chars = document.loc?.end ?? this.maxChars;
    if (chars > this.maxChars) return;
    this.entries.set(key, { document, chars });
    this.chars += chars;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxDocuments && this.chars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.chars -= entry.chars;
    }
  }

  async delete(key: string): Promise<boolean> {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.chars -= entry.chars;
    return true;
  }

  /** Documents held now, and their total source length. */
  get size(): { documents: number; chars: number } {
    return { documents: this.entries.size, chars: this.chars };
  }
}
