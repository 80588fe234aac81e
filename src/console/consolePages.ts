import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Response, Server } from 'restify';
import { notFound } from '../http/errors';
import { route } from '../http/server';
import { PROJECT_ROOT } from '../config/paths';

export const CONSOLE_PUBLIC_DIR = path.join(PROJECT_ROOT, 'public', 'console');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** No inline script or style, nothing from elsewhere, never framed. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGES: Record<string, string> = {
  '/console': 'queue.html',
  '/console/login': 'login.html',
  '/console/cases/:id': 'case.html',
  '/console/audit': 'audit.html',
  '/console/reports': 'reports.html',
  '/console/replies': 'replies.html',
  '/console/privacy': 'privacy.html',
};

/** The page shown before signing in: no navigation or account in its header. */
const SIGNED_OUT_PAGES = new Set(['login.html']);

/** The head and header every page shares. */
const LAYOUT = 'layout.html';
const SIGNED_IN = /[ \t]*<!-- signed in -->\n([\s\S]*?)[ \t]*<!-- \/signed in -->\n/;

/**
 * A whole page from the shared layout (`public/console/layout.html`) and the page's own file: its
 * head elements (title, its scripts and styles), then its `<main>`. The navigation and account
 * part of the header is left out of the signed-out page.
 */
export function composePage(layout: string, page: string, signedIn: boolean): string {
  const main = page.indexOf('<main');
  if (main < 0 || !layout.includes('<!-- page head -->') || !layout.includes('<!-- page main -->')) {
    throw new Error('A console page needs its <main>, and the layout both places to put the page');
  }
  const indent = (text: string, spaces: string) =>
    text
      .trim()
      .split('\n')
      .map((line, i) => (i === 0 || line === '' ? line : spaces + line))
      .join('\n');
  return layout
    .replace(SIGNED_IN, (_all, part: string) => (signedIn ? part : ''))
    .replace('<!-- page head -->', () => indent(page.slice(0, main), '    '))
    .replace('<!-- page main -->', () => indent(page.slice(main), '    '));
}

/** Libraries the pages use, served from the installed package (never from elsewhere). */
const VENDOR: Record<string, string> = {
  'chart.umd.min.js': path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
};

/**
 * The console's pages: plain HTML and small scripts from `public/console/`, read once at start
 * (only files that exist there can be served: no path from a request reaches the file system);
 * each page is put in the shared layout then (`composePage`).
 * The pages hold no data; they fetch it from the API once signed in.
 */
export async function registerConsolePages(server: Server, directory = CONSOLE_PUBLIC_DIR): Promise<void> {
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const name of await readdir(directory)) {
    const type = TYPES[path.extname(name)];
    if (type && name !== LAYOUT) files.set(name, { body: await readFile(path.join(directory, name)), type });
  }
  const layout = await readFile(path.join(directory, LAYOUT), 'utf8');
  for (const name of new Set(Object.values(PAGES))) {
    const page = files.get(name);
    if (!page) throw new Error(`No console page ${name}`);
    const html = composePage(layout, page.body.toString('utf8'), !SIGNED_OUT_PAGES.has(name));
    files.set(name, { body: Buffer.from(html), type: page.type });
  }
  for (const [name, file] of Object.entries(VENDOR)) {
    files.set(name, { body: await readFile(file), type: TYPES['.js'] as string });
  }
  const serve = (name: string, res: Response): void => {
    const file = files.get(name);
    if (!file) throw notFound();
    res.writeHead(200, {
      'Content-Type': file.type,
      'Content-Length': file.body.length,
      'Cache-Control': name.endsWith('.html') ? 'no-store' : 'no-cache',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Frame-Options': 'DENY',
    });
    res.end(file.body);
  };
  for (const [pagePath, file] of Object.entries(PAGES)) {
    server.get(
      pagePath,
      route(async (_req, res) => Promise.resolve(serve(file, res))),
    );
  }
  server.get(
    '/console/assets/:file',
    route(async (req, res) => {
      const file = (req.params as { file?: unknown }).file;
      const name = typeof file === 'string' ? file : '';
      if (name.endsWith('.html')) throw notFound();
      return Promise.resolve(serve(name, res));
    }),
  );
}
