import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

/** A minimal Direct Line 3.0 client over fetch and ws, for tests and benchmarks. */

export interface WebChatToken {
  token: string;
  domain: string;
  expiresIn: number;
  conversationId: string;
}

export interface WireActivity {
  id: string;
  type: string;
  text?: string;
  from?: { id: string; role?: string };
  channelData?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface ActivitySet {
  activities: WireActivity[];
  watermark: string;
}

export async function requestToken(
  baseUrl: string,
  body: Record<string, unknown> = { school: 'oakfield-primary' },
  origin: string | null = baseUrl,
): Promise<Response> {
  return await fetch(`${baseUrl}/api/webchat/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
    body: JSON.stringify(body),
  });
}

/** A token for a chat on a school's page, or (school null) for a chat that names no school. */
export async function getToken(
  baseUrl: string,
  school: string | null = 'oakfield-primary',
): Promise<WebChatToken> {
  const response = await requestToken(baseUrl, school === null ? {} : { school });
  if (response.status !== 200) throw new Error(`token: ${response.status} ${await response.text()}`);
  return (await response.json()) as WebChatToken;
}

/** The titles of an activity's suggested actions (the buttons Web Chat shows under it). */
export function buttons(activity: WireActivity | undefined): string[] {
  const suggested = activity?.suggestedActions as { actions?: Array<{ title?: string }> } | undefined;
  return (suggested?.actions ?? []).map((action) => String(action.title));
}

export class DirectLineClient {
  constructor(
    readonly domain: string,
    public token: string,
    public conversationId: string,
  ) {}

  static async start(baseUrl: string, school: string | null = 'oakfield-primary'): Promise<DirectLineClient> {
    const { token, domain, conversationId } = await getToken(baseUrl, school);
    const client = new DirectLineClient(domain, token, conversationId);
    const response = await client.call('POST', '/conversations');
    if (response.status !== 201) throw new Error(`start: ${response.status} ${await response.text()}`);
    return client;
  }

  call(method: string, path: string, body?: unknown, token = this.token): Promise<Response> {
    return fetch(`${this.domain}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  }

  /**
   * Posts a message the way Web Chat does; resolves with the clientActivityID and the answer.
   * Pass the clientActivityID of an earlier post to retry it, as Web Chat does.
   */
  async say(
    text: string,
    clientActivityID: string = randomUUID(),
  ): Promise<{ clientActivityID: string; id: string }> {
    const response = await this.call('POST', `/conversations/${this.conversationId}/activities`, {
      type: 'message',
      text,
      from: { id: 'r_client', role: 'user' },
      channelData: { clientActivityID },
    });
    if (response.status !== 200) throw new Error(`post: ${response.status} ${await response.text()}`);
    const { id } = (await response.json()) as { id: string };
    return { clientActivityID, id };
  }

  async activities(watermark = ''): Promise<ActivitySet> {
    const response = await this.call(
      'GET',
      `/conversations/${this.conversationId}/activities?watermark=${watermark}`,
    );
    if (response.status !== 200) throw new Error(`get: ${response.status} ${await response.text()}`);
    return (await response.json()) as ActivitySet;
  }

  /** Opens the conversation's WebSocket stream from a watermark. */
  async openStream(watermark = ''): Promise<ActivityStream> {
    const response = await this.call('GET', `/conversations/${this.conversationId}?watermark=${watermark}`);
    if (response.status !== 200) throw new Error(`reconnect: ${response.status} ${await response.text()}`);
    const { streamUrl } = (await response.json()) as { streamUrl: string };
    return await ActivityStream.open(streamUrl);
  }
}

/** A WebSocket stream that collects every activity it receives. */
export class ActivityStream {
  readonly activities: WireActivity[] = [];
  watermark = '';
  /** Checks run on every arrival (so waitFor resolves at once, which the benchmark's timings need). */
  private readonly waiters = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      if (!text) return;
      const set = JSON.parse(text) as ActivitySet;
      this.activities.push(...set.activities);
      this.watermark = set.watermark;
      for (const check of [...this.waiters]) check();
    });
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<ActivityStream> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      socket.once('open', () => resolve(new ActivityStream(socket)));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`stream: ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  /** Resolves once an activity matches, or rejects after the timeout with what did arrive. */
  waitFor(match: (a: WireActivity) => boolean, timeoutMs = 5000): Promise<WireActivity> {
    const found = this.activities.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = () => {
        const arrived = this.activities.find(match);
        if (!arrived) return;
        done();
        resolve(arrived);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no matching activity; got ${JSON.stringify(this.activities.map((a) => a.text))}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
