import { BoardCentresDocument } from '@kinroom/schema';
import { afterEach, describe, expect, it, vi } from 'vitest';
import manifest from '../../../../packages/schema/src/generated/persisted-documents.json';
import { apollo } from './apollo';

/** Answers every request with `answer`, and keeps each request's body. */
function serve(answer: (body: Record<string, unknown>) => object): Record<string, unknown>[] {
  const bodies: Record<string, unknown>[] = [];
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as Record<string, unknown>;
    bodies.push(body);
    return new Response(JSON.stringify(answer(body)), { headers: { 'content-type': 'application/json' } });
  });
  return bodies;
}

const CENTRES = { data: { myCentres: [{ __typename: 'Centre', id: 'c1', name: 'Coxford Road' }] } };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the dashboard’s requests', () => {
  it('send a trusted operation as its hash alone, one the API’s manifest holds', async () => {
    const bodies = serve(() => CENTRES);
    const r = await apollo.query({ query: BoardCentresDocument, fetchPolicy: 'network-only' });
    expect(r.data.myCentres[0]!.name).toBe('Coxford Road');
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.query).toBeUndefined();
    const { sha256Hash } = (bodies[0]!.extensions as { persistedQuery: { sha256Hash: string } })
      .persistedQuery;
    expect(manifest).toHaveProperty([sha256Hash]);
  });

  it('send the text instead, from then on, when the API does not know the hash', async () => {
    const bodies = serve((body) =>
      body.query
        ? CENTRES
        : { errors: [{ message: 'not found', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] },
    );
    await apollo.query({ query: BoardCentresDocument, fetchPolicy: 'network-only' });
    await apollo.query({ query: BoardCentresDocument, fetchPolicy: 'network-only' });
    expect(bodies.map((b) => [typeof b.query, b.extensions === undefined])).toEqual([
      ['undefined', false],
      ['string', true],
      ['string', true],
    ]);
  });
});
