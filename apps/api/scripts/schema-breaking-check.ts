/**
 * Fails when the published schema breaks what integrators already rely on, unless the break is marked deliberate
 * in packages/schema/BREAKING.md (that file documents the format and which earlier version is compared).
 *
 *   tsx scripts/schema-breaking-check.ts                     the working tree against the previous published schema
 *   tsx scripts/schema-breaking-check.ts --previous a.graphql --current b.graphql [--accepted BREAKING.md]
 *   tsx scripts/schema-breaking-check.ts --root <repository>  (another checkout; used by the tests)
 *
 * Exit status: 0 when nothing breaks or every break is accepted, 1 otherwise.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildSchema, findBreakingChanges, findDangerousChanges } from 'graphql';

const SCHEMA_FILE = 'packages/schema/schema.graphql';
const ACCEPTED_FILE = 'packages/schema/BREAKING.md';
const MAIN_REFS = ['refs/heads/main', 'refs/remotes/origin/main'];

export interface SchemaChange {
  type: string;
  description: string;
}

export interface Comparison {
  breaking: (SchemaChange & { accepted: boolean })[];
  dangerous: SchemaChange[];
}

/**
 * The accepted breaking changes: the list items under the `## Accepted` heading whose first code span holds a change
 * exactly as this check prints it, e.g. "- `Session.room was removed.` Replaced by `Session.place`; integrators told
 * in the 0.3 release notes."
 */
export function acceptedChanges(markdown: string): Set<string> {
  const accepted = new Set<string>();
  let inSection = false;
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) continue;
    if (/^#{1,6}\s/.test(line)) inSection = /^##\s+Accepted\s*$/.test(line.trim());
    const entry = inSection ? /^\s*[-*]\s+`([^`]+)`/.exec(line)?.[1]?.trim() : undefined;
    if (entry) accepted.add(entry);
  }
  return accepted;
}

/** graphql-js decides what breaks; this only sorts its findings into accepted and not. */
export function compareSchemas(previousSdl: string, currentSdl: string, accepted: Set<string>): Comparison {
  const previous = buildSchema(previousSdl);
  const current = buildSchema(currentSdl);
  return {
    breaking: findBreakingChanges(previous, current).map((c) => ({
      type: c.type,
      description: c.description,
      accepted: accepted.has(c.description),
    })),
    dangerous: findDangerousChanges(previous, current).map((c) => ({
      type: c.type,
      description: c.description,
    })),
  };
}

export type Baseline = { sdl: string; label: string } | { sdl: null; reason: string };

function git(cwd: string, args: string[]): string | null {
  try {
    return execFileSync('git', ['-C', cwd, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch {
    return null;
  }
}

const short = (sha: string) => sha.slice(0, 12);

/**
 * The published schema to compare with (the rule is explained in packages/schema/BREAKING.md):
 * - on a branch other than main: the schema on main (the last commit of main that touched the file);
 * - on main with the schema changed but not committed: the schema in HEAD;
 * - on main otherwise: the version before the last commit that changed the file, i.e. the previous published schema.
 * No git, a shallow clone or a first version: nothing to compare with, which passes.
 */
export function previousPublishedSchema(root: string): Baseline {
  const top = git(root, ['rev-parse', '--show-toplevel'])?.trim();
  if (!top) return { sdl: null, reason: 'not a git work tree' };
  const path = relative(top, join(root, SCHEMA_FILE)).split('\\').join('/');
  const show = (rev: string) => git(top, ['show', `${rev}:${path}`]);
  const head = git(top, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])?.trim();
  if (!head) return { sdl: null, reason: 'no commit yet' };
  const main = MAIN_REFS.map((ref) => ({
    ref,
    sha: git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])?.trim(),
  })).find((m) => m.sha);

  if (main?.sha && main.sha !== head) {
    const touched = git(top, ['log', '-1', '--format=%H', main.sha, '--', path])?.trim();
    const sdl = touched ? show(touched) : null;
    if (!touched || sdl === null) return { sdl: null, reason: `${main.ref} has no ${path} yet` };
    return { sdl, label: `${main.ref.replace(/^refs\/(heads|remotes)\//, '')} at ${short(touched)}` };
  }

  const committed = show('HEAD');
  if (committed === null) return { sdl: null, reason: `HEAD has no ${path} yet` };
  const working = readFileSync(join(top, path), 'utf8');
  if (working !== committed)
    return { sdl: committed, label: `HEAD (${short(head)}), before this uncommitted change` };

  const touched = git(top, ['log', '-1', '--format=%H', 'HEAD', '--', path])?.trim();
  const parent = touched && git(top, ['rev-parse', '--verify', '--quiet', `${touched}^`])?.trim();
  if (!touched || !parent)
    return { sdl: null, reason: 'no earlier version in this clone (first version or shallow)' };
  const sdl = show(parent);
  if (sdl === null) return { sdl: null, reason: `${path} was first published in ${short(touched)}` };
  return { sdl, label: `${short(parent)}, before ${short(touched)} last changed it` };
}

function report(comparison: Comparison, current: string, against: string, acceptedPath: string): number {
  const out = process.stdout;
  const refused = comparison.breaking.filter((c) => !c.accepted);
  out.write(`schema breaking-change check: ${current} against ${against}\n`);
  for (const c of comparison.breaking) {
    out.write(`  ${c.accepted ? 'accepted' : 'BREAKING'}  ${c.type}: ${c.description}\n`);
  }
  for (const c of comparison.dangerous) out.write(`  dangerous (allowed)  ${c.type}: ${c.description}\n`);
  out.write(
    `${comparison.breaking.length} breaking (${refused.length} not accepted), ` +
      `${comparison.dangerous.length} dangerous\n`,
  );
  if (refused.length === 0) return 0;
  process.stderr.write(
    `\nThe schema change breaks integrators' queries. Keep the old field or type (deprecate it) instead, or, if the ` +
      `break is deliberate, list each change in ${acceptedPath}:\n` +
      refused.map((c) => `- \`${c.description}\` <why, and how integrators were told>\n`).join(''),
  );
  return 1;
}

function main(): number {
  const { values } = parseArgs({
    options: {
      root: { type: 'string' },
      previous: { type: 'string' },
      current: { type: 'string' },
      accepted: { type: 'string' },
    },
  });
  const root = resolve(values.root ?? fileURLToPath(new URL('../../../', import.meta.url)));
  const acceptedPath = values.accepted ?? join(root, ACCEPTED_FILE);
  const accepted = acceptedChanges(existsSync(acceptedPath) ? readFileSync(acceptedPath, 'utf8') : '');
  const currentPath = values.current ?? join(root, SCHEMA_FILE);
  const current = readFileSync(currentPath, 'utf8');
  const baseline: Baseline = values.previous
    ? { sdl: readFileSync(values.previous, 'utf8'), label: values.previous }
    : previousPublishedSchema(root);
  if (baseline.sdl === null) {
    process.stdout.write(
      `schema breaking-change check: nothing to compare with (${baseline.reason}); passing\n`,
    );
    return 0;
  }
  const comparison = compareSchemas(baseline.sdl, current, accepted);
  return report(comparison, relative(root, currentPath), baseline.label, relative(root, acceptedPath));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main();
}
