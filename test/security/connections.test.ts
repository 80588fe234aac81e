import net from 'node:net';
import WebSocket from 'ws';
import { addStaff, ConsoleClient } from '../support/console';
import { DirectLineClient } from '../support/directLineClient';
import { startTestApp, type TestApp } from '../support/testApp';

/** A raw TCP client: what the server wrote to it, and a promise that settles when the server closes it. */
function rawClient(url: string, request: string) {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  let received = '';
  socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(request);
  return { socket, closed, received: () => received };
}

const upgradeTo = (path: string, host: string) =>
  `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
  'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n';

describe('connections from outside', () => {
  jest.setTimeout(15_000);
  let t: TestApp;
  afterEach(async () => {
    await t?.dispose();
  });

  it('answers an upgrade to any other path, and closes the socket at once', async () => {
    t = await startTestApp();
    const host = new URL(t.url).host;
    // The client keeps its side open; the server must still answer and close (no CLOSE-WAIT socket left).
    const unknown = rawClient(t.url, upgradeTo('/api/console/events', host));
    await unknown.closed;
    expect(unknown.received()).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    const notWebSocket = rawClient(
      t.url,
      `GET /v3/directline/conversations/${'a'.repeat(20)}/stream HTTP/1.1\r\nHost: ${host}\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n`,
    );
    await notWebSocket.closed;
    expect(notWebSocket.received()).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });

  it('shuts down, closing every socket, with WebSockets, event streams, kept-alive and half-sent requests open', async () => {
    t = await startTestApp({ SHUTDOWN_TIMEOUT_MS: '1000' });
    const host = new URL(t.url).host;
    const chat = await DirectLineClient.start(t.url);
    const stream = await chat.openStream();
    await addStaff(t.app, { email: 'pat@example.org' });
    const psw = await ConsoleClient.signedIn(t.url, 'pat@example.org');
    const events = rawClient(
      t.url,
      `GET /api/console/events HTTP/1.1\r\nHost: ${host}\r\nCookie: ${psw.cookie}\r\nAccept: text/event-stream\r\n\r\n`,
    );
    const keptAlive = rawClient(
      t.url,
      `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n\r\n`,
    );
    const halfSent = rawClient(
      t.url,
      `POST /api/console/login HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 100\r\n`,
    );
    const unanswered = rawClient(t.url, upgradeTo('/no/such/socket', host));
    const webSocketClosed = new Promise<void>((resolve) => stream.socket.once('close', () => resolve()));
    await new Promise((r) => setTimeout(r, 200));

    await t.stop();
    await Promise.all([events.closed, keptAlive.closed, halfSent.closed, unanswered.closed, webSocketClosed]);
    expect(stream.socket.readyState).toBe(WebSocket.CLOSED);
  });

  it('caps the WebSockets open at once for one conversation token', async () => {
    t = await startTestApp({ WEBCHAT_STREAMS_PER_CONVERSATION: '2' });
    const chat = await DirectLineClient.start(t.url);
    const attempts = await Promise.allSettled(Array.from({ length: 6 }, () => chat.openStream()));
    const opened = attempts.filter((a) => a.status === 'fulfilled');
    const refused = attempts.filter((a) => a.status === 'rejected');
    expect(opened).toHaveLength(2);
    expect(refused.map((r) => String(r.reason))).toEqual(Array(4).fill('Error: stream: 429'));
    // Another conversation is not affected.
    const other = await DirectLineClient.start(t.url);
    const stream = await other.openStream();
    expect(stream.socket.readyState).toBe(WebSocket.OPEN);
  });
});
