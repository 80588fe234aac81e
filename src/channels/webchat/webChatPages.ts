import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Config } from '../../config';
import { fillTemplate } from '../../content/fillTemplate';
import type { School, WebChatCopy } from '../../content/loadContent';
import { route } from '../../http/server';
import { PROJECT_ROOT } from '../../config/paths';
import { StaticAsset } from './StaticAsset';
import { inkOnWhite, textColourOn } from './colours';
import { escapeHtml } from '../../text/html';

export const PUBLIC_DIR = path.join(PROJECT_ROOT, 'public');

const schoolQuery = z.object({
  school: z
    .string()
    .regex(/^[a-z0-9-]{2,64}$/)
    .optional(),
  embedded: z.enum(['0', '1']).optional(),
});

/** Where the installed Web Chat package lives (its package.json is not exported, so walk up from main). */
function webChatPackageDir(): string {
  let dir = path.dirname(require.resolve('botframework-webchat'));
  while (!existsSync(path.join(dir, 'package.json')) || path.basename(dir) !== 'botframework-webchat') {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('botframework-webchat is not installed');
    dir = parent;
  }
  return dir;
}

/** JSON safe inside a <script type="application/json"> element. */
function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** Fills `{{name}}` (HTML-escaped) and `{{{name}}}` (trusted, already safe) placeholders; all must be given. */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\{?)([a-zA-Z]+)\}?\}\}/g, (_match, raw: string, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Template value missing: ${name}`);
    return raw ? value : escapeHtml(value);
  });
}

interface CspOptions {
  nonce?: string;
  connect?: string[];
  frameAncestors: string[];
  frames?: string[];
}

/**
 * Web Chat's scroll component first creates one empty style element without the nonce (it is then
 * filled through the CSSOM, which CSP does not police); allowing exactly the empty stylesheet keeps
 * the console free of a violation without allowing any inline CSS text.
 */
const EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

/** A Content-Security-Policy that allows this service's own scripts, styles and connections only. */
export function contentSecurityPolicy(options: CspOptions): string {
  const nonce = options.nonce ? ` 'nonce-${options.nonce}'` : '';
  return [
    "default-src 'self'",
    `script-src 'self'${nonce}`,
    `style-src 'self'${nonce}${options.nonce ? ` ${EMPTY_STYLE_HASH}` : ''}`,
    "img-src 'self' data: blob:",
    "media-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${["'self'", ...(options.connect ?? [])].join(' ')}`,
    `frame-src ${options.frames?.join(' ') ?? "'none'"}`,
    `frame-ancestors ${options.frameAncestors.join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
}

const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

export interface WebChatPagesDeps {
  schools: readonly School[];
  webChat: Config['webChat'];
  /** The chat page's words (content/copy.json `webchat`). */
  text: WebChatCopy;
  /** Overrides for tests; defaults to the repository's public/ folder. */
  publicDir?: string;
  /** Where compressed copies of the Web Chat bundle are kept between starts (under DATA_DIR). */
  assetCacheDir?: string;
}

export interface WebChatPages {
  /** Adds `GET /`, `GET /chat`, `GET /widget.js` and `GET /webchat/...` to the server. */
  register(server: Server): void;
  /** The Web Chat bundle as served (for measurements). */
  bundle: { path: string; asset: StaticAsset };
}

/**
 * The web chat's pages: the demo school page (`/`), the chat page (`/chat?school=<id>`, also the
 * widget's iframe), the embed script (`/widget.js`) and their assets, including Bot Framework
 * Web Chat's prebuilt bundle from the installed package: nothing comes from a CDN.
 */
export async function loadWebChatPages(deps: WebChatPagesDeps): Promise<WebChatPages> {
  const publicDir = deps.publicDir ?? PUBLIC_DIR;
  const read = (file: string) => readFile(path.join(publicDir, file));
  const webChatDir = webChatPackageDir();
  const webChatVersion = (
    JSON.parse(await readFile(path.join(webChatDir, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const [chatTemplate, demoTemplate, widget, chatJs, chatCss, demoCss, webChatBundle] = await Promise.all([
    read('chat.html'),
    read('index.html'),
    read('widget.js'),
    read('chat.js'),
    read('chat.css'),
    read('demo.css'),
    readFile(path.join(webChatDir, 'dist', 'webchat.js')),
  ]);

  const revalidate = { 'Cache-Control': 'public, max-age=300' };
  const bundlePath = `/webchat/botframework-webchat-${webChatVersion}.js`;
  const bundle = new StaticAsset(
    webChatBundle,
    'text/javascript; charset=utf-8',
    { 'Cache-Control': 'public, max-age=31536000, immutable' },
    // Brotli at its best takes seconds for this bundle: do it once per DATA_DIR, not per start.
    deps.assetCacheDir,
  );
  const assets = new Map<string, StaticAsset>([
    [
      '/widget.js',
      new StaticAsset(widget, 'text/javascript; charset=utf-8', {
        ...revalidate,
        'Cross-Origin-Resource-Policy': 'cross-origin',
        'Access-Control-Allow-Origin': '*',
      }),
    ],
    ['/webchat/chat.js', new StaticAsset(chatJs, 'text/javascript; charset=utf-8', revalidate)],
    ['/webchat/chat.css', new StaticAsset(chatCss, 'text/css; charset=utf-8', revalidate)],
    ['/webchat/demo.css', new StaticAsset(demoCss, 'text/css; charset=utf-8', revalidate)],
    [bundlePath, bundle],
  ]);

  const schoolsById = new Map(deps.schools.map((s) => [s.id, s]));
  const azure = deps.webChat.azureDirectLine;
  const azureConnect = azure
    ? [new URL(azure.url).origin, new URL(azure.url).origin.replace(/^http/, 'ws')]
    : [];

  const sendPage = (res: Response, status: number, html: string, csp: string) => {
    res.writeHead(status, { ...PAGE_HEADERS, 'Content-Security-Policy': csp });
    res.end(html);
  };

  const { text } = deps;
  const notFoundHtml =
    `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${escapeHtml(text.notFoundTitle)}</title></head>` +
    `<body><h1>${escapeHtml(text.notFoundTitle)}</h1><p>${escapeHtml(text.notFound)}</p>` +
    `<p>${escapeHtml(text.safety)}</p></body></html>`;
  const notFoundPage = (res: Response) =>
    sendPage(res, 404, notFoundHtml, contentSecurityPolicy({ frameAncestors: ["'none'"] }));

  const chatPage = (req: Request, res: Response) => {
    const query = schoolQuery.safeParse(req.query ?? {});
    const school = query.success && query.data.school ? schoolsById.get(query.data.school) : undefined;
    if (!query.success || !school) return notFoundPage(res);
    const nonce = randomBytes(16).toString('base64');
    const textColour = textColourOn(school.widget.colour);
    const html = renderTemplate(chatTemplate.toString('utf8'), {
      htmlClass: query.data.embedded === '1' ? 'embedded' : '',
      nonce,
      schoolName: school.name,
      greeting: school.widget.greeting,
      colour: school.widget.colour,
      textColour,
      chatLabel: fillTemplate(text.chatLabel, { school: school.name }),
      title: text.title,
      safety: text.safety,
      leave: text.leave,
      leaveLabel: text.leaveLabel,
      mainLabel: text.launcher,
      conversationLabel: text.conversation,
      webChatScript: bundlePath,
      configJson: jsonForHtml({
        school: school.id,
        colour: school.widget.colour,
        textColour,
        inkColour: inkOnWhite(school.widget.colour),
        tokenUrl: '/api/webchat/token',
        leaveUrl: deps.webChat.leaveUrl,
        azure: azure !== undefined,
        text: {
          messagePlaceholder: text.messagePlaceholder,
          connecting: text.connecting,
          timedOut: text.timedOut,
          cannotConnect: text.cannotConnect,
          busy: text.busy,
          cannotStart: text.cannotStart,
          tryAgain: text.tryAgain,
          assistantName: text.assistantName,
        },
      }),
    });
    const frameAncestors = ["'self'", ...new Set(school.widget.allowedOrigins.map((o) => new URL(o).origin))];
    sendPage(res, 200, html, contentSecurityPolicy({ nonce, connect: azureConnect, frameAncestors }));
  };

  const demoPage = (req: Request, res: Response) => {
    const query = schoolQuery.safeParse(req.query ?? {});
    const school = query.success
      ? query.data.school
        ? schoolsById.get(query.data.school)
        : deps.schools[0]
      : undefined;
    if (!school) return notFoundPage(res);
    const html = renderTemplate(demoTemplate.toString('utf8'), {
      schoolName: school.name,
      schoolId: school.id,
      snippet: `<script src="https://<this service>/widget.js" data-school="${school.id}" async></script>`,
    });
    sendPage(res, 200, html, contentSecurityPolicy({ frameAncestors: ["'none'"], frames: ["'self'"] }));
  };

  return {
    bundle: { path: bundlePath, asset: bundle },
    register(server) {
      server.get(
        '/',
        route(async (req, res) => {
          demoPage(req, res);
          return Promise.resolve();
        }),
      );
      server.get(
        '/chat',
        route(async (req, res) => {
          chatPage(req, res);
          return Promise.resolve();
        }),
      );
      for (const [assetPath, asset] of assets) {
        server.get(
          assetPath,
          route((req, res) => asset.serve(req, res)),
        );
      }
    },
  };
}
