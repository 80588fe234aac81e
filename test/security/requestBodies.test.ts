import { readdir } from 'node:fs/promises';
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import { startFakeTwilio } from '../support/fakeTwilio';
import { inboundFields, postSigned, twilioEnv, waitForTurn } from '../support/smsParent';
import { startTestApp, type TestApp } from '../support/testApp';

describe('request bodies from outside', () => {
  let t: TestApp;
  afterEach(async () => {
    await t?.dispose();
  });

  it('holds BODY_LIMIT_BYTES for the inflated size of a gzip body (a small bomb is 413)', async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: '65536' });
    // 40 MB of JSON text that gzips to about 40 KB.
    const bomb = gzipSync(Buffer.from(`{"type":"message","text":"${'a'.repeat(40 * 1024 * 1024)}"}`));
    expect(bomb.length).toBeLessThan(65536);
    const res = await fetch(`${t.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: bomb,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ code: 'PayloadTooLarge', message: 'The request body is too large.' });
  });

  it('refuses a compressed body on a route that never needs one', async () => {
    t = await startTestApp();
    const res = await fetch(`${t.url}/api/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(Buffer.from(JSON.stringify({ email: 'pat@example.org', password: 'x'.repeat(20) }))),
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ code: 'UnsupportedContentEncoding' });
  });

  it('refuses multipart bodies with 415 and writes nothing to the temp folder', async () => {
    // A multipart parser writes each uploaded file to the OS temp folder as upload_<hex>.
    const uploads = async () => (await readdir(os.tmpdir())).filter((name) => name.startsWith('upload_'));
    const before = new Set(await uploads());
    t = await startTestApp();
    for (const target of ['/api/messages', '/api/console/login', '/dev/sms/api/texts']) {
      const form = new FormData();
      form.append('file', new Blob([Buffer.alloc(50_000, 1)]), 'upload.bin');
      form.append('text', 'hello');
      const res = await fetch(`${t.url}${target}`, { method: 'POST', body: form });
      expect(res.status).toBe(415);
      expect(await res.json()).toEqual({
        code: 'UnsupportedMediaType',
        message: 'Send the body as JSON or as form data.',
      });
    }
    expect((await uploads()).filter((name) => !before.has(name))).toEqual([]);
  });

  it('refuses deeply nested JSON with a fixed 400, not a stack overflow message', async () => {
    t = await startTestApp();
    const deep = `{"type":"message","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    for (const target of ['/api/messages', '/api/console/login', '/api/webchat/token']) {
      const res = await fetch(`${t.url}${target}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: deep,
      });
      const text = await res.text();
      expect(res.status).toBe(400);
      expect(JSON.parse(text)).toEqual({
        code: 'BadRequest',
        message: 'The request body is nested too deeply.',
      });
      expect(text).not.toContain('call stack');
    }
  });
});

describe('a Twilio webhook with a field named like an Object method', () => {
  it('is accepted when correctly signed (constructor, toString, __proto__)', async () => {
    const fake = await startFakeTwilio();
    const t = await startTestApp(twilioEnv(fake));
    try {
      const fields = inboundFields({
        from: '+447700900123',
        to: '+447700900001',
        body: 'Hello',
        extra: { constructor: 'x', toString: 'y', hasOwnProperty: 'z', ['__proto__']: 'w' },
      });
      const res = await postSigned(t.url, '/api/sms', fields);
      expect(res.status).toBe(200);
      await waitForTurn(t.app, fields.MessageSid!);
      expect(fake.texts.length).toBeGreaterThan(0);
    } finally {
      await t.dispose();
      await fake.close();
    }
  });
});
