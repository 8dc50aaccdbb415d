import { execFile } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { ConfigError, loadConfig } from '../config/config.js';
import {
  ensureEvidenceKeyFile,
  EvidenceKeyError,
  keyringFrom,
  newEvidenceKeyPem,
  openEvidenceKeys,
} from './evidence-keys.js';

/** The evidence key (docs/evidence.md): where it lives, how it is made, and what it accepts. */

const dirs: string[] = [];
async function dir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'kinroom-keys-'));
  dirs.push(d);
  return d;
}
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('the evidence key', () => {
  it('is made on first start in the data folder outside production, readable by its owner only, once', async () => {
    const data = await dir();
    const config = loadConfig({ NODE_ENV: 'development', KINROOM_DATA_DIR: data });
    expect(config).toMatchObject({
      evidenceKeyFile: join(data, 'evidence-key.pem'),
      evidenceKeyCreate: true,
    });
    // Several processes starting at once agree on one key.
    const rings = await Promise.all([1, 2, 3, 4].map(() => openEvidenceKeys(config)));
    expect(new Set(rings.map((r) => r.keyId)).size).toBe(1);
    expect((await stat(config.evidenceKeyFile)).mode & 0o777).toBe(0o600);
    // A restart reads the same key.
    expect((await openEvidenceKeys(config)).keyId).toBe(rings[0]!.keyId);
  });

  it('must be configured in production, and is never made there', async () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) };
    expect(() => loadConfig(production)).toThrow(ConfigError);
    expect(() => loadConfig(production)).toThrow(/KINROOM_EVIDENCE_KEY is required in production/);
    const missing = join(await dir(), 'absent.pem');
    const config = loadConfig({ ...production, KINROOM_EVIDENCE_KEY: missing });
    expect(config.evidenceKeyCreate).toBe(false);
    await expect(openEvidenceKeys(config)).rejects.toThrow(EvidenceKeyError);
    await expect(openEvidenceKeys(config)).rejects.toThrow(/does not exist/);
  });

  it('refuses to start the server in production without one, in one clear line', async () => {
    // The server reads its configuration from the environment, which the child process inherits.
    onTestFinished(() => void vi.unstubAllEnvs());
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('JWT_SECRET', 'x'.repeat(40));
    // Were the rule missing, the server would get no further than this unreachable database.
    vi.stubEnv('DATABASE_URL', 'postgres://nobody@127.0.0.1:1/none');
    vi.stubEnv('KINROOM_DATA_DIR', await dir());
    vi.stubEnv('KINROOM_EVIDENCE_KEY', undefined);
    const run = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('../main.ts', import.meta.url))],
      { timeout: 30_000 },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(run.stderr).toMatch(/KINROOM_EVIDENCE_KEY is required in production/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.code).toBe(1);
  });

  it('accepts only Ed25519, and checks signatures by the key id stored with them', async () => {
    const d = await dir();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(() => keyringFrom(rsa)).toThrow(/not an Ed25519 key/);
    expect(() => keyringFrom('not a key')).toThrow(EvidenceKeyError);

    const file = join(d, 'k.pem');
    await ensureEvidenceKeyFile(file);
    const keys = keyringFrom(await readFile(file, 'utf8'));
    expect(keys.keyId).toMatch(/^[0-9a-f]{64}$/);
    const signature = keys.sign('statement');
    expect(keys.check(keys.keyId, 'statement', signature)).toBe('valid');
    expect(keys.check(keys.keyId, 'statement, changed', signature)).toBe('invalid');
    const other = keyringFrom(newEvidenceKeyPem());
    expect(keys.check(other.keyId, 'statement', other.sign('statement'))).toBe('unknown-key');
    expect(keys.check(keys.keyId, 'statement', other.sign('statement'))).toBe('invalid');

    // A rotated server lists the earlier key's public half, from a file of its own.
    const earlier = join(d, 'earlier.pub.pem');
    const publicHalf = createPublicKey(await readFile(file, 'utf8')).export({ type: 'spki', format: 'pem' });
    await writeFile(earlier, publicHalf);
    const rotated = await openEvidenceKeys({
      evidenceKeyFile: join(d, 'new.pem'),
      evidenceKeyCreate: true,
      evidenceVerifyKeyFiles: [earlier],
    });
    expect(rotated.keyId).not.toBe(keys.keyId);
    expect(rotated.check(keys.keyId, 'statement', signature)).toBe('valid');
  });
});
