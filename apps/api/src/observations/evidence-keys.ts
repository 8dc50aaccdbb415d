import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Config } from '../config/config.js';

/**
 * The keys that seal a child's evidence chain (docs/evidence.md). The private key signs each link as it is written;
 * it lives in a file outside PostgreSQL, so that someone who can rewrite every row of the database, and recompute
 * every unkeyed hash, still cannot make a signature that verifies. Verification needs only public keys: the
 * signing key's own, and those of keys used before a rotation.
 */

export class EvidenceKeyError extends Error {}

/** How one link's signature checks against the keys this server knows. */
export type SignatureCheck = 'valid' | 'invalid' | 'unknown-key';

export interface EvidenceKeyring {
  /** The signing key's id: the SHA-256 fingerprint (hex) of its public key, stored beside every signature. */
  readonly keyId: string;
  /** Signs a link's statement (see `sealStatement`); base64. */
  sign(statement: string): string;
  /** Checks a stored signature with the public key named by `keyId`, if this server knows that key. */
  check(keyId: string, statement: string, signature: string): SignatureCheck;
}

/** SHA-256 over the public key's DER (SubjectPublicKeyInfo), hex: what a print shows and a reader compares. */
export function keyFingerprint(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

function asEd25519(key: KeyObject, file: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new EvidenceKeyError(`${file} is not an Ed25519 key (it is ${key.asymmetricKeyType ?? 'unknown'})`);
  }
  return key;
}

/** A public key from a PEM file holding either a public key or a private key (whose public half is taken). */
function publicKeyFrom(pem: string, file: string): KeyObject {
  try {
    return asEd25519(createPublicKey(pem), file);
  } catch (err) {
    if (err instanceof EvidenceKeyError) throw err;
    throw new EvidenceKeyError(`${file} holds no readable public or private key`);
  }
}

/** Builds a keyring from a private key (PEM) and the public keys (PEM) of earlier signing keys. */
export function keyringFrom(
  privatePem: string,
  earlierPublicPems: readonly { pem: string; file: string }[] = [],
  file = 'the evidence key',
): EvidenceKeyring {
  let privateKey: KeyObject;
  try {
    privateKey = asEd25519(createPrivateKey(privatePem), file);
  } catch (err) {
    if (err instanceof EvidenceKeyError) throw err;
    throw new EvidenceKeyError(`${file} holds no readable private key (an Ed25519 key in PEM, PKCS#8)`);
  }
  const own = createPublicKey(privateKey);
  const keyId = keyFingerprint(own);
  const known = new Map<string, KeyObject>([[keyId, own]]);
  for (const earlier of earlierPublicPems) {
    const key = publicKeyFrom(earlier.pem, earlier.file);
    known.set(keyFingerprint(key), key);
  }
  return {
    keyId,
    sign: (statement) => sign(null, Buffer.from(statement, 'utf8'), privateKey).toString('base64'),
    check: (id, statement, signature) => {
      const key = known.get(id);
      if (!key) return 'unknown-key';
      const bytes = Buffer.from(signature, 'base64');
      return verify(null, Buffer.from(statement, 'utf8'), key, bytes) ? 'valid' : 'invalid';
    },
  };
}

/** A new Ed25519 private key, PEM (PKCS#8). */
export function newEvidenceKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/**
 * Creates the key file if it does not exist, readable by its owner only. Written under another name and linked
 * into place, so that two processes starting at once agree on one key and neither reads a half-written file.
 */
export async function ensureEvidenceKeyFile(file: string): Promise<void> {
  if (
    await stat(file).then(
      () => true,
      () => false,
    )
  )
    return;
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${randomBytes(8).toString('hex')}.tmp`;
  await writeFile(temporary, newEvidenceKeyPem(), { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await unlink(temporary).catch(() => {});
  }
}

async function readKeyFile(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new EvidenceKeyError(
      code === 'ENOENT' ? `${what} ${file} does not exist` : `cannot read ${what} ${file} (${code})`,
    );
  }
}

/** Reads the configured keys; outside production, the data folder's key is made on first start. */
export async function openEvidenceKeys(
  config: Pick<Config, 'evidenceKeyFile' | 'evidenceKeyCreate' | 'evidenceVerifyKeyFiles'>,
): Promise<EvidenceKeyring> {
  if (config.evidenceKeyCreate) await ensureEvidenceKeyFile(config.evidenceKeyFile);
  const privatePem = await readKeyFile(config.evidenceKeyFile, 'the evidence signing key');
  const earlier = await Promise.all(
    config.evidenceVerifyKeyFiles.map(async (file) => ({
      file,
      pem: await readKeyFile(file, 'the earlier evidence key'),
    })),
  );
  return keyringFrom(privatePem, earlier, config.evidenceKeyFile);
}

const opened = new Map<string, Promise<EvidenceKeyring>>();

/** The keyring for this configuration, read once per process. */
export function evidenceKeys(
  config: Pick<Config, 'evidenceKeyFile' | 'evidenceKeyCreate' | 'evidenceVerifyKeyFiles'>,
): Promise<EvidenceKeyring> {
  const id = [config.evidenceKeyFile, ...config.evidenceVerifyKeyFiles].join('\n');
  let keys = opened.get(id);
  if (!keys) {
    keys = openEvidenceKeys(config);
    // A failure is not kept: the next attempt reads the files again.
    keys.catch(() => opened.delete(id));
    opened.set(id, keys);
  }
  return keys;
}
