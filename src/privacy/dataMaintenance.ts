import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Sealer } from '../security/sealer';
import type { DocumentDatabase, StoredDocument } from '../store/documents';

/**
 * Backups, restores and key rotation of the stored data (`npm run data -- ...`, docs/privacy.md).
 * Backup and restore are for the embedded store (its files); with MongoDB use mongodump/mongorestore
 * or your provider's backups. Key rotation works on both.
 */

export interface BackupManifest {
  kind: 'psa-embedded-backup';
  createdAt: string;
  files: Array<{ name: string; lines: number; sha256: string }>;
}

const DB_FILE = /^[a-z][a-z0-9_]{0,62}\.db$/;

/**
 * Copies the embedded store's collection files into a new folder under `target`. Safe while the
 * server runs: a file is only appended to, or replaced whole by a rename when compacted, so each
 * copy is a consistent prefix of its file (a last line still being written is left out). The
 * encryption key is never copied: keep it apart from the backups.
 */
export async function backupEmbedded(
  dataDir: string,
  target: string,
  now: Date,
): Promise<{ dir: string; manifest: BackupManifest }> {
  const dir = path.join(target, `psa-backup-${now.toISOString().replace(/[:.]/g, '-')}`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const files: BackupManifest['files'] = [];
  for (const name of (await readdir(dataDir)).filter((n) => DB_FILE.test(n)).sort()) {
    const text = await readFile(path.join(dataDir, name), 'utf8');
    const complete = text.endsWith('\n') || text === '' ? text : text.slice(0, text.lastIndexOf('\n') + 1);
    await writeFile(path.join(dir, name), complete, { mode: 0o600 });
    files.push({
      name,
      lines: complete === '' ? 0 : complete.split('\n').length - 1,
      sha256: createHash('sha256').update(complete).digest('hex'),
    });
  }
  const manifest: BackupManifest = { kind: 'psa-embedded-backup', createdAt: now.toISOString(), files };
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2), { mode: 0o600 });
  return { dir, manifest };
}

export class RestoreError extends Error {}

/**
 * Puts a backup's files in the data directory, after checking each against the manifest (and that
 * every line is JSON). Refuses a directory that already holds data unless `force`. The server must
 * not be running (the caller checks).
 */
export async function restoreEmbedded(
  backupDir: string,
  dataDir: string,
  options: { force: boolean },
): Promise<number> {
  const manifest = JSON.parse(
    await readFile(path.join(backupDir, 'manifest.json'), 'utf8'),
  ) as BackupManifest;
  if (manifest.kind !== 'psa-embedded-backup')
    throw new RestoreError(`${backupDir} is not a backup made by npm run data -- backup`);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const existing = (await readdir(dataDir)).filter((n) => DB_FILE.test(n));
  if (existing.length > 0 && !options.force)
    throw new RestoreError(
      `${dataDir} already holds data (${existing.length} files); add --force to replace it`,
    );
  const checked: Array<{ name: string; text: string }> = [];
  for (const file of manifest.files) {
    if (!DB_FILE.test(file.name))
      throw new RestoreError(`unexpected file name in the manifest: ${file.name}`);
    const text = await readFile(path.join(backupDir, file.name), 'utf8');
    if (createHash('sha256').update(text).digest('hex') !== file.sha256)
      throw new RestoreError(`${file.name} does not match the manifest (changed or damaged)`);
    for (const line of text.split('\n').filter((l) => l !== '')) {
      try {
        JSON.parse(line);
      } catch {
        throw new RestoreError(`${file.name} has a line that is not JSON`);
      }
    }
    checked.push({ name: file.name, text });
  }
  // Only once every file checked: write each beside its target, then rename over it.
  for (const { name, text } of checked) {
    const temporary = path.join(dataDir, `${name}.restoring`);
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, path.join(dataDir, name));
  }
  return checked.length;
}

export async function isDirectory(p: string): Promise<boolean> {
  return await stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/**
 * Re-seals every sealed value not sealed with the current key (after `DATA_ENCRYPTION_KEY` was
 * changed and the old key listed in `DATA_ENCRYPTION_PREVIOUS_KEYS`). Returns how many values.
 * Run `rekey` again until it reports 0 if the server wrote meanwhile; then the old key can go,
 * except the oldest, which keys the lookup hashes.
 */
export async function rekey(database: DocumentDatabase, sealer: Sealer): Promise<number> {
  let resealed = 0;
  for (const name of await database.listCollections()) {
    const collection = await database.collection<StoredDocument & Record<string, unknown>>({ name });
    for (const doc of await collection.find({})) {
      const $set: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(doc)) {
        if (field === '_id') continue;
        let changed = 0;
        const next = reseal(value, sealer, () => changed++);
        if (changed > 0) {
          $set[field] = next;
          resealed += changed;
        }
      }
      if (Object.keys($set).length > 0) await collection.updateOne({ _id: doc._id }, { $set });
    }
  }
  await database.compact();
  return resealed;
}

function reseal(value: unknown, sealer: Sealer, counted: () => void): unknown {
  if (typeof value === 'string') {
    if (!Sealer.looksSealed(value) || sealer.isCurrent(value)) return value;
    counted();
    return sealer.seal(sealer.open(value));
  }
  if (Array.isArray(value)) return value.map((v) => reseal(v, sealer, counted));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reseal(v, sealer, counted)]));
  }
  return value;
}
