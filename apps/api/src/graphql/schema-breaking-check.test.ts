import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedChanges, previousPublishedSchema } from '../../scripts/schema-breaking-check.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../../scripts/schema-breaking-check.ts', import.meta.url));

const V1 = `
"""Root."""
type Query {
  """A session."""
  session(id: ID!): Session
}
"""A supervised contact session."""
type Session {
  """Id."""
  id: ID!
  """The room."""
  room: String!
}
`;
const ADDED = V1.replace('room: String!', 'room: String!\n  """When."""\n  startsAt: String');
const REMOVED = V1.replace('"""The room."""\n  room: String!', '');
const ROOM_REMOVED = 'Session.room was removed.';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinroom-breaking-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs the real script as CI does, and returns its exit status and output. */
async function check(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', SCRIPT, ...args]);
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

async function files(previous: string, current: string, accepted = ''): Promise<string[]> {
  const at = await mkdtemp(join(dir, 'case-'));
  await writeFile(join(at, 'previous.graphql'), previous);
  await writeFile(join(at, 'current.graphql'), current);
  await writeFile(join(at, 'BREAKING.md'), accepted);
  return ['previous', 'current', 'accepted'].flatMap((k) => [
    `--${k}`,
    join(at, k === 'accepted' ? 'BREAKING.md' : `${k}.graphql`),
  ]);
}

describe('the schema breaking-change check', () => {
  it('fails on a removed field, naming it', async () => {
    const r = await check(await files(V1, REMOVED));
    expect(r.code).toBe(1);
    expect(r.out).toContain(`BREAKING  FIELD_REMOVED: ${ROOM_REMOVED}`);
    expect(r.out).toContain(`- \`${ROOM_REMOVED}\``);
  });

  it('passes when only a field is added', async () => {
    const r = await check(await files(V1, ADDED));
    expect(r.code).toBe(0);
    expect(r.out).toContain('0 breaking (0 not accepted)');
  });

  it('passes a removal listed as deliberate in BREAKING.md, and only that one', async () => {
    const accepted = `# Deliberate\n\n## Accepted\n\n- \`${ROOM_REMOVED}\` Replaced by place; integrators told.\n`;
    const ok = await check(await files(V1, REMOVED, accepted));
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`accepted  FIELD_REMOVED: ${ROOM_REMOVED}`);

    const alsoRetyped = REMOVED.replace('\n  id: ID!', '\n  id: Int!');
    const refused = await check(await files(V1, alsoRetyped, accepted));
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('BREAKING  FIELD_CHANGED_KIND: Session.id changed type from ID! to Int!.');
  });

  it('reads accepted changes only from list items under "## Accepted", never from examples', () => {
    const md = [
      '# Deliberate breaking changes',
      '```markdown',
      '- `Example.field was removed.` an example',
      '```',
      '- `Intro.list was removed.` not under the heading',
      '## Accepted',
      '- `Session.room was removed.` why',
      '* `Query.rooms changed type from [Room!]! to [Room].` why',
      '## Later',
      '- `Other.field was removed.` another section',
    ].join('\n');
    expect([...acceptedChanges(md)]).toEqual([
      'Session.room was removed.',
      'Query.rooms changed type from [Room!]! to [Room].',
    ]);
  });
});

describe('the previous published schema', () => {
  let repo: string;
  const git = (...args: string[]) =>
    run('git', ['-C', repo, '-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', ...args]);
  const publish = async (sdl: string, message: string) => {
    await writeFile(join(repo, 'packages/schema/schema.graphql'), sdl);
    await git('add', '-A');
    await git('commit', '-q', '-m', message);
  };

  beforeAll(async () => {
    repo = await mkdtemp(join(dir, 'repo-'));
    await mkdir(join(repo, 'packages/schema'), { recursive: true });
    await git('init', '-q', '-b', 'main');
  });

  it('is none before the first commit, and none for the first published version', async () => {
    await writeFile(join(repo, 'packages/schema/schema.graphql'), V1);
    expect(previousPublishedSchema(repo)).toMatchObject({ sdl: null });
    await publish(V1, 'first schema');
    expect(previousPublishedSchema(repo)).toMatchObject({ sdl: null });
    expect((await check(['--root', repo])).code).toBe(0);
  });

  it('on main, is the version before the last schema change, even after commits that leave it alone', async () => {
    await publish(REMOVED, 'remove the room');
    await writeFile(join(repo, 'README.md'), 'unrelated\n');
    await git('add', 'README.md');
    await git('commit', '-q', '-m', 'unrelated');
    expect(previousPublishedSchema(repo)).toMatchObject({ sdl: V1 });
    const r = await check(['--root', repo]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(ROOM_REMOVED);
  });

  it('on main with an uncommitted change, is the schema in HEAD', async () => {
    await writeFile(
      join(repo, 'packages/schema/schema.graphql'),
      REMOVED.replace('\n  id: ID!', '\n  id: Int!'),
    );
    expect(previousPublishedSchema(repo)).toMatchObject({ sdl: REMOVED });
    await git('checkout', '-q', '--', 'packages/schema/schema.graphql');
  });

  it('on another branch, is the schema on main', async () => {
    await git('checkout', '-q', '-b', 'feature');
    await publish(V1, 'bring the room back');
    expect(previousPublishedSchema(repo)).toMatchObject({ sdl: REMOVED });
    expect((await check(['--root', repo])).code).toBe(0);
  });

  it('is none outside a git checkout', async () => {
    const plain = await mkdtemp(join(dir, 'plain-'));
    expect(previousPublishedSchema(plain)).toMatchObject({ sdl: null, reason: 'not a git work tree' });
  });
});
