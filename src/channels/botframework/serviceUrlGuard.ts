/**
 * With channel authentication off (no MicrosoftAppId, development only), botbuilder would post
 * replies to any `serviceUrl` a caller names, including any port and path on this machine. Only
 * the exact origins listed in ALLOWED_SERVICE_URLS are allowed (config checks that each is a
 * loopback origin: the Emulator's), so a caller cannot aim the service at anything else.
 */
export function isAllowedServiceUrl(serviceUrl: unknown, allowedOrigins: readonly string[]): boolean {
  if (typeof serviceUrl !== 'string' || !URL.canParse(serviceUrl)) return false;
  const url = new URL(serviceUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.username || url.password || url.search || url.hash) return false;
  // The Emulator's service URL is its bare origin; botbuilder appends /v3/conversations/… itself.
  if (url.pathname !== '/') return false;
  return allowedOrigins.includes(url.origin);
}
