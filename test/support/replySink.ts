import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  url: string;
  body: Record<string, unknown>;
  /** The request's headers (lower-case names), e.g. the channel token a bot with an app id attaches. */
  headers: http.IncomingHttpHeaders;
}

/**
 * A local stand-in for a Bot Framework channel's service URL: it records every reply the bot
 * posts to it and answers like the connector service does.
 */
export async function startReplySink(
  options: {
    host?: string;
    delayMs?: number;
    /** Answers for the first requests, in turn, as a channel refusing them would (they are not recorded). */
    refuseFirst?: Array<{ status: number; headers?: Record<string, string> }>;
  } = {},
): Promise<{
  url: string;
  port: number;
  requests: CapturedRequest[];
  waitFor: (count: number, timeoutMs?: number) => Promise<CapturedRequest[]>;
  close: () => Promise<void>;
}> {
  const requests: CapturedRequest[] = [];
  const refused = [...(options.refuseFirst ?? [])];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      setTimeout(() => respond(raw), options.delayMs ?? 0);
    });
    const respond = (raw: string) => {
      const refusal = refused.shift();
      if (refusal) {
        res.writeHead(refusal.status, { 'content-type': 'application/json', ...refusal.headers });
        res.end(JSON.stringify({ error: { code: 'Refused', message: 'refused by the test' } }));
        return;
      }
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
      });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: `reply-${requests.length}` }));
    };
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    requests,
    waitFor: async (count, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return requests;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
