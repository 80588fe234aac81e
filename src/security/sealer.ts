import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** v1: sealed with the only key there was (no key id). v2: `v2.<key id>.<payload>`. */
const LEGACY_VERSION = 'v1';
const VERSION = 'v2';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals personal data at rest (AES-256-GCM) and makes keyed, non-reversible lookup hashes
 * (HMAC-SHA-256) of values such as phone numbers, so that a store can find a record by phone
 * number without holding the number in clear.
 */
export class Sealer {
  private readonly current: SealingKey;
  /** Every key that can open a value, the current one first. */
  private readonly keyring: SealingKey[];
  private readonly hashKey: Buffer;

  /**
   * `masterKey` seals new values; `previousKeys` (newest first) still open values sealed before a
   * key rotation. Lookup hashes are keyed by the oldest key, so that records stay findable across
   * rotations (rehashing every lookup would rewrite every id).
   */
  constructor(masterKey: Buffer, previousKeys: Buffer[] = []) {
    for (const key of [masterKey, ...previousKeys])
      if (key.length !== 32) throw new Error('The data encryption key must be 32 bytes');
    this.keyring = [masterKey, ...previousKeys].map(sealingKey);
    this.current = this.keyring[0]!;
    const oldest = previousKeys.at(-1) ?? masterKey;
    this.hashKey = Buffer.from(hkdfSync('sha256', oldest, Buffer.alloc(0), 'psa-lookup-hash', 32));
  }

  seal(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return `${VERSION}.${this.current.id}.${Buffer.concat([iv, tag, body]).toString('base64url')}`;
  }

  open(sealed: string): string {
    const parts = sealed.split('.');
    if (parts[0] === LEGACY_VERSION && parts.length === 2) {
      // Sealed before keys had ids: try each key (the tag tells the right one).
      for (const candidate of this.keyring) {
        try {
          return decrypt(candidate.key, parts[1]!);
        } catch {
          // not this key
        }
      }
      throw new Error('No key in the keyring opens this sealed value');
    }
    if (parts[0] !== VERSION || parts.length !== 3) throw new Error('Unrecognised sealed value');
    const key = this.keyring.find((k) => k.id === parts[1]);
    if (!key)
      throw new Error('The key that sealed this value is not configured (DATA_ENCRYPTION_PREVIOUS_KEYS)');
    return decrypt(key.key, parts[2]!);
  }

  /** Whether a stored string is a value this class sealed (for key rotation). */
  static looksSealed(value: string): boolean {
    return /^(v1\.[A-Za-z0-9_-]+|v2\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+)$/.test(value);
  }

  /** Whether the value was sealed with the current key (else `rekey` re-seals it). */
  isCurrent(sealed: string): boolean {
    return sealed.startsWith(`${VERSION}.${this.current.id}.`);
  }

  sealJson(value: unknown): string {
    return this.seal(JSON.stringify(value));
  }

  openJson<T>(sealed: string): T {
    return JSON.parse(this.open(sealed)) as T;
  }

  /** A stable keyed hash for lookups (same input, same output); the input cannot be recovered from it. */
  lookupHash(value: string, purpose: string): string {
    return createHmac('sha256', this.hashKey).update(`${purpose}\u0000${value}`).digest('base64url');
  }

  /** A keyed signature for short-lived tokens and cookies. */
  sign(value: string): string {
    return createHmac('sha256', this.hashKey).update(`sign\u0000${value}`).digest('base64url');
  }

  verify(value: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(value));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

interface SealingKey {
  id: string;
  key: Buffer;
}

function sealingKey(masterKey: Buffer): SealingKey {
  const key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'psa-seal', 32));
  const id = createHmac('sha256', masterKey).update('psa-key-id').digest('base64url').slice(0, 8);
  return { id, key };
}

function decrypt(key: Buffer, payload: string): string {
  const raw = Buffer.from(payload, 'base64url');
  const iv = raw.subarray(0, IV_BYTES);
  const tag = raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
    'utf8',
  );
}

/**
 * Uses the configured key, or (outside production) a key file created once under the data
 * directory, so that a fresh clone seals data without any setup and still reads it after a restart.
 */
export async function loadSealer(
  configuredKey: string | undefined,
  dataDir: string,
  previousKeys: string[] = [],
): Promise<Sealer> {
  if (configuredKey)
    return new Sealer(
      Buffer.from(configuredKey, 'base64'),
      previousKeys.map((k) => Buffer.from(k, 'base64')),
    );
  const keyFile = path.join(dataDir, 'encryption.key');
  try {
    return new Sealer(Buffer.from((await readFile(keyFile, 'utf8')).trim(), 'base64'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dataDir, { recursive: true });
  const key = randomBytes(32);
  await writeFile(keyFile, key.toString('base64'), { mode: 0o600, flag: 'wx' }).catch((err: unknown) => {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  });
  return new Sealer(Buffer.from((await readFile(keyFile, 'utf8')).trim(), 'base64'));
}
