const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * With channel authentication off (no MicrosoftAppId), botbuilder would post replies to any
 * `serviceUrl` a caller names. Only loopback (the Bot Framework Emulator) and the listed URLs
 * are allowed: an entry allows service URLs with its origin whose path starts with its path.
 */
export function isAllowedServiceUrl(serviceUrl: unknown, allowList: readonly string[]): boolean {
  if (typeof serviceUrl !== 'string' || !URL.canParse(serviceUrl)) return false;
  const url = new URL(serviceUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.username || url.password) return false;
  if (isLoopbackHost(url.hostname)) return true;
  return allowList.some((entry) => {
    const allowed = new URL(entry);
    const prefix = allowed.pathname.endsWith('/') ? allowed.pathname : `${allowed.pathname}/`;
    return url.origin === allowed.origin && `${url.pathname}/`.startsWith(prefix);
  });
}
