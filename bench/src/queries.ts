import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Kinroom's trusted documents (the manifest generated in packages/schema): the bench's own reads are registered
 * there (packages/schema/trusted/bench.graphql), as an integrator registers its documents, and sent by hash as the
 * dashboard sends its own, so that they run as the dashboard's do.
 */
const MANIFEST = JSON.parse(
  readFileSync(
    new URL('../../packages/schema/src/generated/persisted-documents.json', import.meta.url),
    'utf8',
  ),
) as Record<string, string>;

/** A trusted document, by the hash Kinroom knows it by. */
export interface TrustedOperation {
  name: string;
  hash: string;
}

function trusted(name: string): TrustedOperation {
  const hash = Object.keys(MANIFEST).find((h) => MANIFEST[h]!.startsWith(`query ${name}(`));
  if (!hash) throw new Error(`${name} is not among Kinroom's trusted documents: run \`pnpm run schema\``);
  return { name, hash };
}

/** The room board as the manager's dashboard asks for it. */
export const ROOM_BOARD = trusted('BenchRoomBoard');

/** The first page of a child's contact history with everything a social worker reads. */
export const CHILD_HISTORY = trusted('BenchChildHistory');

/** The same page asked of Kinroom with exactly the fields PostGraphile's query below asks for. */
export const CHILD_HISTORY_AS_PEER = trusted('BenchChildHistoryAsPeer');

/** PostGraphile's generated API: the centre, its rooms and the sessions the board is computed from. */
export const PEER_ROOM_BOARD = `query RoomBoard($centreId: UUID!, $from: Datetime!, $until: Datetime!) {
  centreByRowId(rowId: $centreId) {
    rowId name
    roomsByCouncilIdAndCentreId(orderBy: [NAME_ASC, ROW_ID_ASC]) {
      nodes { rowId name capacity condition conditionNote version }
    }
  }
  peerCentreSessionsBetween(centre: $centreId, from: $from, until: $until) {
    nodes {
      rowId roomId kind status startsAt endsAt turnoverMinutes parentArrivedAt childArrivedAt startedAt endedAt cancelledAt version
      childByCouncilIdAndChildId { rowId firstName lastName }
      staffUserByCouncilIdAndSupervisorId { rowId name role }
      staffUserByCouncilIdAndSecondStaffId { rowId name role }
      contactAgreementByCouncilIdAndAgreementId { supervisionLevel }
    }
  }
}`;

/** PostGraphile's generated API: the same page of sessions with attendance, observation, amendments and flags. */
export const PEER_CHILD_HISTORY = `query ChildHistory($childId: UUID!, $first: Int!) {
  childByRowId(rowId: $childId) {
    sessionsByCouncilIdAndChildId(orderBy: [STARTS_AT_DESC, ROW_ID_DESC], first: $first) {
      nodes {
        rowId startsAt endsAt status
        attendanceByCouncilIdAndSessionId { outcome minutesLate }
        observationByCouncilIdAndSessionId {
          rowId status dueAt finalisedAt sections
          staffUserByCouncilIdAndAuthorId { name }
          staffUserByCouncilIdAndReviewerId { name }
          observationAmendmentsByCouncilIdAndObservationId(orderBy: [CREATED_AT_ASC]) {
            nodes { reason text createdAt staffUserByCouncilIdAndAuthorId { name } }
          }
        }
        safeguardingFlagsByCouncilIdAndSessionId(orderBy: [RAISED_AT_ASC]) {
          nodes { rowId category severity status description raisedAt }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

export const ROOM_BOARD_CHANGED = `subscription RoomBoardChanged($centreId: ID!) {
  roomBoardChanged(centreId: $centreId) { cursor topic kind subjectId centreId roomId status occurredAt }
}`;

export const SET_ROOM_CONDITION = `mutation SetRoomCondition($roomId: ID!, $condition: RoomCondition!, $expectedVersion: Int!) {
  setRoomCondition(roomId: $roomId, condition: $condition, expectedVersion: $expectedVersion) { id version }
}`;

export const BOOK_SESSION = `mutation BookSession($input: BookSessionInput!) { bookSession(input: $input) { id version } }`;

export const BOOK_SERIES = `mutation BookSeries($input: BookSeriesInput!) { bookSeries(input: $input) { id sessions { id } } }`;

/** A bearer token exactly as Kinroom signs one (HS256, issuer and audience), so the bench needs no sign-in route. */
export function signToken(secret: string, user: { id: string; councilId: string; role: string }): string {
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = b64({ alg: 'HS256' });
  const body = b64({
    cid: user.councilId,
    role: user.role,
    sub: user.id,
    iss: 'kinroom',
    aud: 'kinroom-api',
    iat: now,
    exp: now + 12 * 3600,
  });
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

export async function gql<T = Record<string, unknown>>(
  url: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
}
