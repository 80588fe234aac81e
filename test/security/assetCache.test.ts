import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { PROJECT_ROOT } from '../../src/paths';
import { makeTempDir } from '../support/tempDir';
import { startTestApp } from '../support/testApp';

const WEBCHAT_DIR = path.join(PROJECT_ROOT, 'node_modules', 'botframework-webchat');

describe('the compressed Web Chat bundle', () => {
  jest.setTimeout(60_000);

  it('is never served from a planted cache file, in the shared temp folder or under DATA_DIR', async () => {
    const temp = await makeTempDir('psa-shared-tmp-');
    const data = await makeTempDir('psa-data-');
    const before = process.env.TMPDIR;
    process.env.TMPDIR = temp.dir; // the "shared temp folder" another user of the machine can write to
    try {
      const bundle = await readFile(path.join(WEBCHAT_DIR, 'dist', 'webchat.js'));
      const version = (
        JSON.parse(await readFile(path.join(WEBCHAT_DIR, 'package.json'), 'utf8')) as { version: string }
      ).version;
      const hash = createHash('sha256').update(bundle).digest('base64url');
      const planted = gzipSync(Buffer.from('window.stolen = document.cookie;'));
      for (const dir of [
        path.join(temp.dir, 'parent-support-assistant-assets'),
        path.join(data.dir, 'asset-cache'),
      ]) {
        await mkdir(dir, { recursive: true });
        await writeFile(path.join(dir, `${hash}.gzip`), planted);
      }
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
      } finally {
        await t.stop();
      }
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
      await temp.remove();
      await data.remove();
    }
  });
});
