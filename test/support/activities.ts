import { randomUUID } from 'node:crypto';

/** A message activity as a Bot Framework channel (or the Emulator) would post it. */
export function messageActivity(props: {
  text: string;
  serviceUrl: string;
  conversationId?: string;
  userId?: string;
}) {
  return {
    type: 'message',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'emulator',
    serviceUrl: props.serviceUrl,
    from: { id: props.userId ?? 'parent-1', name: 'Parent' },
    recipient: { id: 'bot', name: 'Parent Support Assistant' },
    conversation: { id: props.conversationId ?? randomUUID() },
    text: props.text,
    locale: 'en-GB',
  };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json: json as Record<string, unknown> | undefined, text };
}
