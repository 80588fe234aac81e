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

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals personal data at rest (AES-256-GCM) and makes keyed, non-reversible lookup hashes
 * (HMAC-SHA-256) of values such as phone numbers, so that a store can find a record by phone
 * number without holding the number in clear.
 */
export class Sealer {
  private readonly encryptionKey: Buffer;
  private readonly hashKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('The data encryption key must be 32 bytes');
    this.encryptionKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'psa-seal', 32));
    this.hashKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'psa-lookup-hash', 32));
  }

  seal(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return `${VERSION}.${Buffer.concat([iv, tag, body]).toString('base64url')}`;
  }

  open(sealed: string): string {
    const [version, payload] = sealed.split('.', 2);
    if (version !== VERSION || payload === undefined) throw new Error('Unrecognised sealed value');
    const raw = Buffer.from(payload, 'base64url');
    const iv = raw.subarray(0, IV_BYTES);
    const tag = raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
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

/**
 * Uses the configured key, or (outside production) a key file created once under the data
 * directory, so that a fresh clone seals data without any setup and still reads it after a restart.
 */
export async function loadSealer(configuredKey: string | undefined, dataDir: string): Promise<Sealer> {
  if (configuredKey) return new Sealer(Buffer.from(configuredKey, 'base64'));
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
