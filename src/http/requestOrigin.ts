import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';
import type { Request } from 'restify';
import type { Config } from '../config';
import { badRequest } from './errors';

const HOST_HEADER =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

function firstHeader(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.split(',')[0]?.trim() || undefined;
}

/**
 * The base URL clients reach this service at: PUBLIC_URL when set, otherwise the request's own
 * scheme and Host header (and X-Forwarded-Proto/-Host behind a trusted proxy). A malformed Host
 * is refused rather than echoed into URLs handed to browsers.
 */
export function publicBaseUrl(req: Request, http: Config['http']): string {
  if (http.publicUrl) return http.publicUrl;
  const behindProxy = http.trustedProxyHops > 0;
  const forwardedProto = behindProxy ? firstHeader(req, 'x-forwarded-proto') : undefined;
  const forwardedHost = behindProxy ? firstHeader(req, 'x-forwarded-host') : undefined;
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  const proto =
    forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : encrypted ? 'https' : 'http';
  const host = forwardedHost ?? firstHeader(req, 'host');
  if (!host || !HOST_HEADER.test(host)) throw badRequest('The Host header is missing or malformed.');
  return `${proto}://${host}`;
}

/** The origin (scheme, host, port) of `publicBaseUrl`. */
export function publicOrigin(req: Request, http: Config['http']): string {
  return new URL(publicBaseUrl(req, http)).origin;
}

/**
 * The client's address for rate limits, with proxy-addr's semantics: the address `hops` entries
 * back from the connection (the socket, then X-Forwarded-For from the right), so only the
 * configured proxies' own additions are believed and whatever a client wrote on the left is not.
 */
export function clientAddress(req: IncomingMessage, trustedProxyHops: number): string {
  if (!req.socket?.remoteAddress) return 'unknown';
  return proxyAddr(req, (_address, hop) => hop < trustedProxyHops);
}

const isLoopbackAddress = (address: string) =>
  address === '::1' || /^(?:::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);

/**
 * Whether the request came from this machine itself: the connection and every address in
 * X-Forwarded-For are loopback. A proxy on this machine forwarding someone else adds their address,
 * so it does not count, whatever TRUST_PROXY says.
 */
export function isLoopbackClient(req: IncomingMessage): boolean {
  if (!req.socket?.remoteAddress) return false;
  return proxyAddr.all(req).every(isLoopbackAddress);
}
