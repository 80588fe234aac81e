import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PROJECT_ROOT } from '../../src/config/paths';
import { makeTempDir } from '../support/tempDir';
import { startTestApp } from '../support/testApp';

const WEBCHAT_DIR = path.join(PROJECT_ROOT, 'node_modules', 'botframework-webchat');

describe('the compressed Web Chat bundle', () => {
  jest.setTimeout(60_000);

  it('is cached under DATA_DIR, not a shared temp folder, and a planted copy there is never served', async () => {
    const data = await makeTempDir('psa-data-');
    try {
      const bundle = await readFile(path.join(WEBCHAT_DIR, 'dist', 'webchat.js'));
      const version = (
        JSON.parse(await readFile(path.join(WEBCHAT_DIR, 'package.json'), 'utf8')) as { version: string }
      ).version;
      const hash = createHash('sha256').update(bundle).digest('base64url');
      const cacheDir = path.join(data.dir, 'asset-cache');
      await mkdir(cacheDir, { recursive: true });
      await writeFile(
        path.join(cacheDir, `${hash}.gzip`),
        gzipSync(Buffer.from('window.stolen = document.cookie;')),
      );
      const t = await startTestApp({}, { dataDir: data.dir });
      try {
        const res = await fetch(`${t.url}/webchat/botframework-webchat-${version}.js`, {
          headers: { 'accept-encoding': 'gzip' },
        });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-encoding')).toBe('gzip');
        const served = Buffer.from(await res.arrayBuffer()); // fetch has inflated it
        expect(served.toString()).not.toContain('window.stolen');
        expect(served.equals(bundle)).toBe(true);
        // The planted copy was replaced by a good one, kept under DATA_DIR.
        expect(gunzipSync(await readFile(path.join(cacheDir, `${hash}.gzip`))).equals(bundle)).toBe(true);
      } finally {
        await t.stop();
      }
    } finally {
      await data.remove();
    }
  });
});
