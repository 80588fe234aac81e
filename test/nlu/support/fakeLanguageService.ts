import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the LUIS and CLU prediction endpoints: a plain HTTP server on 127.0.0.1 that
 * answers with scripted replies (queued ones first, then the handler) and records every request.
 * Nothing leaves the machine.
 */
export interface FakeRequest {
  method: string;
  path: string;
  search: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** When the request arrived (Date.now()). */
  receivedAt: number;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is (for malformed answers). */
  raw?: string;
  /** Hold the answer this long (for time-outs). */
  delayMs?: number;
}

export interface FakeLanguageService {
  url: string;
  requests: FakeRequest[];
  /** Answers the next requests with these, in order. */
  enqueue(...replies: FakeReply[]): void;
  /** Answers every request not covered by the queue. */
  handle(handler: (request: FakeRequest) => FakeReply): void;
  close(): Promise<void>;
}

export async function startFakeLanguageService(): Promise<FakeLanguageService> {
  const queue: FakeReply[] = [];
  const requests: FakeRequest[] = [];
  let handler: (request: FakeRequest) => FakeReply = () => ({
    status: 500,
    json: { error: 'no reply scripted' },
  });
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    const receivedAt = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // keep the text
      }
      const request: FakeRequest = {
        method: req.method ?? '',
        path: url.pathname,
        search: url.searchParams,
        headers: req.headers,
        body,
        receivedAt,
      };
      requests.push(request);
      const reply = queue.shift() ?? handler(request);
      const send = () => {
        if (res.destroyed) return;
        const payload = reply.raw ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
        res.writeHead(reply.status ?? 200, {
          'Content-Type': 'application/json; charset=utf-8',
          ...reply.headers,
        });
        res.end(payload);
      };
      if (reply.delayMs) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, reply.delayMs);
        timers.add(timer);
      } else {
        send();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    handle: (h) => {
      handler = h;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
