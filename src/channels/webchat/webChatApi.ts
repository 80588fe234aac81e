import { randomBytes } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import type { Config } from '../../config';
import { fillTemplate } from '../../content/fillTemplate';
import type { School, WebChatCopy } from '../../content/loadContent';
import { badRequest, forbidden, notFound, tooManyRequests, unavailable } from '../../http/errors';
import { clientAddress, publicBaseUrl, publicOrigin } from '../../http/requestOrigin';
import { route } from '../../http/server';
import type { Logger } from '../../observability/logger';
import type { DirectLineTokens } from '../directline/DirectLineTokens';
import { DIRECT_LINE_PATH } from '../directline/directLineRoutes';
import { AzureDirectLineError, type AzureDirectLine } from './AzureDirectLine';
import { textColourOn } from './colours';

const schoolId = z.string().regex(/^[a-z0-9-]{2,64}$/, 'school must be a school id');
const tokenRequest = z.object({ school: schoolId.optional() });

export interface WebChatApiDeps {
  schools: readonly School[];
  tokens: DirectLineTokens;
  /** Set when DIRECT_LINE_SECRET is: tokens then come from Azure. */
  azure: AzureDirectLine | undefined;
  http: Config['http'];
  webChat: Config['webChat'];
  /** The widget's words (content/copy.json `webchat`). */
  text: WebChatCopy;
  logger: Logger;
}

/** What the widget needs to show a school's launcher: public facts and its words, from content. */
export function schoolWidgetInfo(school: School, leaveUrl: string, text: WebChatCopy) {
  return {
    id: school.id,
    name: school.name,
    colour: school.widget.colour,
    textColour: textColourOn(school.widget.colour),
    greeting: school.widget.greeting,
    chatPath: `chat?school=${encodeURIComponent(school.id)}&embedded=1`,
    leaveUrl,
    text: {
      launcher: text.launcher,
      title: text.title,
      chatLabel: fillTemplate(text.chatLabel, { school: school.name }),
      leave: text.leave,
      leaveLabel: text.leaveLabel,
      close: text.close,
    },
  };
}

const randomId = (bytes: number) => randomBytes(bytes).toString('base64url');

/**
 * `POST /api/webchat/token` and `GET /api/webchat/schools/:id`. A token request must come from a
 * page on this service (the chat page) or on one of the school's allowed origins (a school's own
 * page), as its Origin header says, and is rate-limited per client address.
 */
export function registerWebChatApi(server: Server, deps: WebChatApiDeps): void {
  const schoolsById = new Map(deps.schools.map((s) => [s.id, s]));
  const allowedOrigins = new Map(
    deps.schools.map((s) => [s.id, new Set(s.widget.allowedOrigins.map((o) => new URL(o).origin))]),
  );
  const anySchoolOrigin = new Set([...allowedOrigins.values()].flatMap((set) => [...set]));
  const limiter = new RateLimiterMemory({ points: deps.webChat.tokenRequestsPerMinute, duration: 60 });

  /** Refuses a browser origin that is neither this service nor one the school allows; returns it for CORS. */
  const checkOrigin = (req: Request, school: School | undefined): string | undefined => {
    const origin = req.headers.origin;
    if (typeof origin !== 'string' || origin === 'null') {
      throw forbidden('Open the chat from the school website.', 'OriginRequired');
    }
    if (origin === publicOrigin(req, deps.http)) return undefined;
    if (school && allowedOrigins.get(school.id)?.has(origin)) return origin;
    throw forbidden('This website is not allowed to open this chat.', 'OriginNotAllowed');
  };

  const allowCors = (res: Response, origin: string | undefined) => {
    if (!origin) return;
    res.header('Access-Control-Allow-Origin', origin);
    res.header('Vary', 'Origin');
  };

  server.opts(
    '/api/webchat/token',
    route(async (req: Request, res: Response) => {
      const origin = req.headers.origin;
      if (typeof origin !== 'string' || !anySchoolOrigin.has(origin)) {
        throw forbidden('This website is not allowed to open this chat.', 'OriginNotAllowed');
      }
      allowCors(res, origin);
      res.header('Access-Control-Allow-Methods', 'POST');
      res.header('Access-Control-Allow-Headers', 'Content-Type');
      res.header('Access-Control-Max-Age', '600');
      res.send(204);
      return Promise.resolve();
    }),
  );

  server.post(
    '/api/webchat/token',
    route(async (req: Request, res: Response) => {
      try {
        await limiter.consume(clientAddress(req, deps.http.trustedProxyHops));
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        res.header('Retry-After', String(Math.ceil(err.msBeforeNext / 1000)));
        throw tooManyRequests(
          'Too many chats started from here just now. Please wait a minute and try again.',
        );
      }
      const parsed = tokenRequest.safeParse(req.body ?? {});
      if (!parsed.success) throw badRequest('Send JSON like { "school": "<school id>" }.', 'BadTokenRequest');
      const school = parsed.data.school === undefined ? undefined : schoolsById.get(parsed.data.school);
      if (parsed.data.school !== undefined && !school) throw badRequest('Unknown school.', 'UnknownSchool');
      const corsOrigin = checkOrigin(req, school);

      const userId = `dl_${randomId(12)}`;
      let answer: { token: string; domain: string; expiresIn: number; conversationId: string };
      if (deps.azure) {
        try {
          const azure = await deps.azure.generateToken(userId);
          answer = {
            token: azure.token,
            domain: deps.azure.url,
            expiresIn: azure.expiresIn,
            conversationId: azure.conversationId,
          };
        } catch (err) {
          if (!(err instanceof AzureDirectLineError)) throw err;
          deps.logger.error({ status: err.status }, 'Azure Direct Line token exchange failed');
          throw unavailable(
            'The chat cannot start just now. Please try again in a few minutes.',
            'DirectLineUnavailable',
          );
        }
      } else {
        const conversationId = randomId(18);
        const { token, expiresIn } = deps.tokens.issue({
          conversationId,
          userId,
          ...(school ? { schoolId: school.id } : {}),
        });
        answer = {
          token,
          domain: `${publicBaseUrl(req, deps.http)}${DIRECT_LINE_PATH}`,
          expiresIn,
          conversationId,
        };
      }
      allowCors(res, corsOrigin);
      res.header('Cache-Control', 'no-store');
      res.json(answer);
    }),
  );

  server.get(
    '/api/webchat/schools/:schoolId',
    route(async (req: Request, res: Response) => {
      const { schoolId: id } = req.params as { schoolId?: string };
      const school = id === undefined ? undefined : schoolsById.get(id);
      if (!school) throw notFound('Unknown school.');
      res.header('Vary', 'Origin');
      const origin = req.headers.origin;
      if (typeof origin === 'string' && origin !== publicOrigin(req, deps.http)) {
        // The refusal is readable too, so the widget can tell the school's web person why.
        allowCors(res, origin);
        if (!allowedOrigins.get(school.id)?.has(origin)) {
          throw forbidden("This website is not in the school's allowed origins.", 'OriginNotAllowed');
        }
      }
      res.header('Cache-Control', 'public, max-age=300');
      res.json(schoolWidgetInfo(school, deps.webChat.leaveUrl, deps.text));
      return Promise.resolve();
    }),
  );
}
