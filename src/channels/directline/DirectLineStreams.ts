import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../observability/logger';
import type { DirectLineStore } from '../../store/directLinePorts';
import { TokenError, type DirectLineTokens, type VerifiedToken } from './DirectLineTokens';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([A-Za-z0-9_-]{16,64})\/stream$/;
const BATCH = 100;
/** Pings keep proxies from closing quiet sockets and find dead ones. */
const HEARTBEAT_MS = 30_000;
/**
 * Every open stream also re-reads its log this often, in case a change notification was missed
 * (a MongoDB without change streams does not hear other instances) or a gap was waited out.
 */
const SAFETY_POLL_MS = 10_000;

interface Subscriber {
  socket: WebSocket;
  conversationId: string;
  watermark: number;
  pushing: boolean;
  pushAgain: boolean;
  alive: boolean;
}

/**
 * The Direct Line WebSocket stream: `GET /v3/directline/conversations/:id/stream?t=<stream token>`
 * upgrades to a socket that first receives every activity after `watermark`, then each new one as
 * the log gets it (from this instance or, through the store's change feed, any other), as
 * `{ "activities": [...], "watermark": "n" }` messages.
 */
export class DirectLineStreams {
  private readonly sockets = new WebSocketServer({
    noServer: true,
    maxPayload: 4096,
    perMessageDeflate: false,
  });
  private readonly byConversation = new Map<string, Set<Subscriber>>();
  private readonly stopListening: () => void;
  private readonly timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(
    private readonly store: DirectLineStore,
    private readonly tokens: DirectLineTokens,
    private readonly logger: Logger,
    /** WebSockets one conversation (one token's) may have open at once. */
    private readonly streamsPerConversation: number,
  ) {
    this.stopListening = store.onAppend((conversationId) => {
      for (const subscriber of this.byConversation.get(conversationId) ?? []) this.push(subscriber);
    });
    this.timers.push(setInterval(() => this.heartbeat(), HEARTBEAT_MS).unref());
    this.timers.push(
      setInterval(() => {
        for (const subscribers of this.byConversation.values()) for (const s of subscribers) this.push(s);
      }, SAFETY_POLL_MS).unref(),
    );
  }

  /**
   * Handles every upgrade request on the HTTP server: stream URLs become WebSockets, anything else
   * is answered (404, or 400 for an upgrade that is not to a WebSocket) and closed at once, so that
   * no socket is left waiting for an answer. (restify also listens for 'upgrade' but does nothing.)
   */
  attach(server: HttpServer): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      const url = new URL(req.url ?? '/', 'http://local');
      const match = STREAM_PATH.exec(url.pathname);
      if (!match?.[1]) return refuse(socket, 404, 'Not Found');
      if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket')
        return refuse(socket, 400, 'Bad Request');
      void this.accept(req, socket, head, match[1], url).catch((err: unknown) => {
        this.logger.error({ err }, 'could not open a Direct Line stream');
        refuse(socket, 500, 'Internal Server Error');
      });
    });
  }

  get openCount(): number {
    let count = 0;
    for (const subscribers of this.byConversation.values()) count += subscribers.size;
    return count;
  }

  private async accept(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    conversationId: string,
    url: URL,
  ): Promise<void> {
    if (this.closed) return refuse(socket, 503, 'Service Unavailable');
    const grant = this.verify(req, url);
    if (!grant || grant.conversationId !== conversationId) return refuse(socket, 403, 'Forbidden');
    const watermarkParam = url.searchParams.get('watermark') ?? '';
    if (!/^\d{0,9}$/.test(watermarkParam)) return refuse(socket, 400, 'Bad Request');
    if (!(await this.store.getConversation(conversationId))) return refuse(socket, 404, 'Not Found');
    if ((this.byConversation.get(conversationId)?.size ?? 0) >= this.streamsPerConversation) {
      return refuse(socket, 429, 'Too Many Requests');
    }
    this.sockets.handleUpgrade(req, socket, head, (ws) => {
      const subscriber: Subscriber = {
        socket: ws,
        conversationId,
        watermark: Number(watermarkParam || '0'),
        pushing: false,
        pushAgain: false,
        alive: true,
      };
      let subscribers = this.byConversation.get(conversationId);
      if (!subscribers) {
        subscribers = new Set();
        this.byConversation.set(conversationId, subscribers);
      }
      subscribers.add(subscriber);
      ws.on('pong', () => (subscriber.alive = true));
      // Web Chat sends empty messages as keep-alives; nothing a client sends means anything here.
      ws.on('message', () => (subscriber.alive = true));
      ws.on('error', () => ws.terminate());
      ws.on('close', () => {
        subscribers.delete(subscriber);
        if (subscribers.size === 0 && this.byConversation.get(conversationId) === subscribers) {
          this.byConversation.delete(conversationId);
        }
      });
      this.push(subscriber);
    });
  }

  /** A stream token in `t` (browsers cannot set headers on a WebSocket) or a conversation token header. */
  private verify(req: IncomingMessage, url: URL): VerifiedToken | undefined {
    try {
      const streamToken = url.searchParams.get('t');
      if (streamToken) return this.tokens.verify(streamToken, 'stream');
      const header = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
      return header?.[1] ? this.tokens.verify(header[1], 'conversation') : undefined;
    } catch (err) {
      if (err instanceof TokenError) return undefined;
      throw err;
    }
  }

  /** Sends the subscriber everything after its watermark; a push asked for while one runs runs after it. */
  private push(subscriber: Subscriber): void {
    if (subscriber.pushing) {
      subscriber.pushAgain = true;
      return;
    }
    subscriber.pushing = true;
    void (async () => {
      try {
        for (;;) {
          subscriber.pushAgain = false;
          if (subscriber.socket.readyState !== subscriber.socket.OPEN) return;
          const entries = await this.store.listAfter(subscriber.conversationId, subscriber.watermark, BATCH);
          const last = entries.at(-1);
          if (last) {
            subscriber.watermark = last.watermark;
            subscriber.socket.send(
              JSON.stringify({
                activities: entries.map((e) => e.activity),
                watermark: String(last.watermark),
              }),
            );
          }
          if (entries.length < BATCH && !subscriber.pushAgain) return;
        }
      } catch (err) {
        this.logger.error({ err }, 'could not push to a Direct Line stream');
        subscriber.socket.close(1011, 'server error');
      } finally {
        subscriber.pushing = false;
      }
    })();
  }

  private heartbeat(): void {
    for (const subscribers of this.byConversation.values()) {
      for (const subscriber of subscribers) {
        if (!subscriber.alive) {
          subscriber.socket.terminate();
          continue;
        }
        subscriber.alive = false;
        subscriber.socket.ping();
      }
    }
  }

  /** Closes every stream (clients reconnect, to another instance if need be) and stops listening. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    this.stopListening();
    const open = [...this.byConversation.values()].flatMap((subscribers) => [...subscribers]);
    await Promise.all(
      open.map(
        ({ socket }) =>
          new Promise<void>((resolve) => {
            const force = setTimeout(() => socket.terminate(), 1000);
            socket.once('close', () => {
              clearTimeout(force);
              resolve();
            });
            socket.close(1001, 'server shutting down');
          }),
      ),
    );
    this.sockets.close();
  }
}

/** Answers an upgrade request and closes its socket at once, whatever the client does. */
function refuse(socket: Duplex, status: number, reason: string): void {
  if (socket.destroyed) return;
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  setTimeout(() => socket.destroy(), 1000).unref();
}
