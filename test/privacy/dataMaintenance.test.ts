import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile, appendFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../../src/config';
import { backupEmbedded, rekey, restoreEmbedded, RestoreError } from '../../src/privacy/dataMaintenance';
import { noticeLines, retentionFor } from '../../src/privacy/privacySettings';
import { Sealer } from '../../src/security/sealer';
import { EmbeddedDatabase } from '../../src/store/embedded/EmbeddedDatabase';
import { openStores } from '../../src/store/openStores';
import { contentForProduction } from '../support/content';
import { later, testClockStart } from '../support/testClock';
import { makeTempDir } from '../support/tempDir';
import { startTestApp } from '../support/testApp';

const key = () => randomBytes(32).toString('base64');

/** A value sealed the way the first version did (`v1.`, no key id). */
function legacySeal(masterKey: Buffer, plain: string): string {
  const encryptionKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'psa-seal', 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

describe('privacy settings at start', () => {
  it('refuses a production start while the data controller is not filled in, and starts once it is', async () => {
    const env = { NODE_ENV: 'production', DATA_ENCRYPTION_KEY: key() };
    const refused = await startTestApp(env).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).problems).toContain(
      'content/privacy.json controller.name must be filled in by the service before go-live',
    );
    const content = await contentForProduction();
    const started = await startTestApp(env, { contentDir: content.dir });
    await started.dispose();
    await content.remove();
  });

  it("names the controller and the area's retention in the notice", async () => {
    const t = await startTestApp();
    try {
      const content = {
        privacy: {
          ...t.app.content.privacy,
          retention: { ...t.app.content.privacy.retention, areas: { liverpool: { closedCaseDays: 365 } } },
        },
      };
      expect(retentionFor(content, 'liverpool').closedCaseDays).toBe(365);
      expect(retentionFor(content, 'elsewhere').closedCaseDays).toBe(730);
      const full = noticeLines(content, content.privacy.full, 'liverpool').join('\n');
      expect(full).toContain('A request is deleted 1 years after it closes.');
      expect(full).toContain(t.app.content.privacy.controller.name);
      expect(full).not.toMatch(/\{[a-zA-Z]+\}/);
      // Outside production an unfilled controller is a warning in the log.
      expect(t.logLines().join('\n')).toContain('controller.name must be filled in by the service');
    } finally {
      await t.dispose();
    }
  });
});

describe('backup and restore of the embedded store', () => {
  it('copies the store while the server runs; a restore brings every record back', async () => {
    const encryptionKey = key();
    const t = await startTestApp({ DATA_ENCRYPTION_KEY: encryptionKey });
    const backups = await makeTempDir('psa-backups-');
    const restored = await makeTempDir('psa-restored-');
    try {
      const at = testClockStart();
      for (const text of ['First words', 'Second words'])
        await t.app.stores.transcripts.append({
          conversationKey: 'k',
          channelId: 'sms',
          at,
          sender: 'parent',
          text,
        });
      // A write still being appended when the copy is taken is left out, not copied half-written.
      await appendFile(path.join(t.dataDir, 'transcripts.db'), '{"_id":"half');
      const { dir, manifest } = await backupEmbedded(t.dataDir, backups.dir, new Date());
      expect(manifest.files.find((f) => f.name === 'transcripts.db')?.lines).toBeGreaterThanOrEqual(2);
      expect(await readdir(dir)).not.toContain('encryption.key');
      await t.stop();

      expect(await restoreEmbedded(dir, restored.dir, { force: false })).toBe(manifest.files.length);
      await expect(restoreEmbedded(dir, restored.dir, { force: false })).rejects.toThrow(
        /already holds data/,
      );
      const again = await startTestApp({ DATA_ENCRYPTION_KEY: encryptionKey }, { dataDir: restored.dir });
      try {
        expect((await again.app.stores.transcripts.list('k')).map((e) => e.text)).toEqual([
          'First words',
          'Second words',
        ]);
      } finally {
        await again.stop();
      }

      // A damaged backup is refused before anything is written.
      await writeFile(path.join(dir, 'transcripts.db'), '{"_id":"x"}\n');
      const empty = await makeTempDir('psa-restored-');
      await expect(restoreEmbedded(dir, empty.dir, { force: false })).rejects.toBeInstanceOf(RestoreError);
      expect(await readdir(empty.dir)).toEqual([]);
      await empty.remove();
    } finally {
      await t.dispose();
      await backups.remove();
      await restored.remove();
    }
  });
});

describe('key rotation', () => {
  it('reads values sealed with the old key, writes with the new one, and rekey re-seals the rest', async () => {
    const temp = await makeTempDir('psa-rekey-');
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const at = testClockStart();
    try {
      let database = await EmbeddedDatabase.open(temp.dir);
      let stores = await openStores(database, new Sealer(oldKey));
      await stores.transcripts.append({
        conversationKey: 'k',
        channelId: 'sms',
        at,
        sender: 'parent',
        text: 'Old words',
      });
      await stores.state.write({ 'sms/conversations/c/': { name: 'Sam' } });
      const legacy = await database.collection<{ _id: string; sealed: string }>({ name: 'legacy_values' });
      await legacy.insertOne({ _id: 'l1', sealed: legacySeal(oldKey, 'Sealed long ago') });
      await database.close();

      // The new key, with the old one still listed: old values read, new ones use the new key.
      const rotated = new Sealer(newKey, [oldKey]);
      database = await EmbeddedDatabase.open(temp.dir);
      stores = await openStores(database, rotated);
      expect((await stores.transcripts.list('k')).map((e) => e.text)).toEqual(['Old words']);
      expect(await stores.state.read(['sms/conversations/c/'])).toMatchObject({
        'sms/conversations/c/': { name: 'Sam' },
      });
      await stores.transcripts.append({
        conversationKey: 'k',
        channelId: 'sms',
        at: later(at, 1000),
        sender: 'bot',
        text: 'New words',
      });

      expect(await rekey(database, rotated)).toBe(3);
      expect(await rekey(database, rotated)).toBe(0);
      const raw =
        (await readFile(path.join(temp.dir, 'transcripts.db'), 'utf8')) +
        (await readFile(path.join(temp.dir, 'legacy_values.db'), 'utf8'));
      const sealedValues = raw.match(/v[12]\.[A-Za-z0-9_.-]+/g) ?? [];
      expect(sealedValues.length).toBeGreaterThan(0);
      expect(sealedValues.every((v) => rotated.isCurrent(v))).toBe(true);
      expect((await stores.transcripts.list('k')).map((e) => e.text)).toEqual(['Old words', 'New words']);
      const [value] = await legacy.find({});
      expect(rotated.open(value!.sealed)).toBe('Sealed long ago');
      await database.close();

      // Without the old key, a value it sealed cannot be opened (it is really another key).
      expect(() => new Sealer(newKey).open(legacySeal(oldKey, 'x'))).toThrow();
    } finally {
      await temp.remove();
    }
  });
});
