import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildKinroomSchema } from './schema.js';
import { MANIFEST_FILE, TrustedDocuments, TrustedDocumentsError } from './trusted-documents.js';

let schema: GraphQLSchema;

beforeAll(async () => {
  schema = await buildKinroomSchema();
});

const entry = (text: string) => ({ [createHash('sha256').update(text).digest('hex')]: text });

describe('loading the trusted documents at start-up', () => {
  it('loads the committed manifest, which fits the schema and holds the dashboard’s operations', () => {
    const trusted = TrustedDocuments.load(schema);
    expect(trusted.size).toBeGreaterThan(40);
  });

  it('refuses a manifest whose document does not fit the schema, so a stale one stops the server starting', () => {
    expect(() => new TrustedDocuments(schema, entry('query Gone { noSuchField }'))).toThrow(
      TrustedDocumentsError,
    );
  });

  it('refuses a document filed under a hash that is not its own', () => {
    const [hash] = Object.keys(entry('query Me { me { name } }'));
    expect(() => new TrustedDocuments(schema, { [hash!]: 'query Other { me { id } }' })).toThrow(
      /not the hash of its document/,
    );
  });
});

describe('the dashboard’s typed documents', () => {
  it('each carry the hash of a document the manifest holds, which is what the dashboard sends', () => {
    const generated = readFileSync(
      new URL('../../../../packages/schema/src/generated/graphql.ts', import.meta.url),
      'utf8',
    );
    const hashes = [...generated.matchAll(/"__meta__":\{"hash":"([0-9a-f]{64})"\}/g)].map((m) => m[1]!);
    const manifest = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')) as Record<string, string>;
    expect(hashes.length).toBeGreaterThan(40);
    expect(hashes.filter((h) => !(h in manifest))).toEqual([]);
  });
});
