import type { Request, Response, Server } from 'restify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import type { Config } from '../../config';
import { badRequest, forbidden, HttpError, notFound, tooManyRequests, unauthorized } from '../../http/errors';
import { publicBaseUrl } from '../../http/requestOrigin';
import { route } from '../../http/server';
import type { DirectLineConversation, DirectLineStore } from '../../store/directLinePorts';
import { ConversationGoneError, type DirectLineAdapter } from './DirectLineAdapter';
import { TokenError, type DirectLineTokens, type VerifiedToken } from './DirectLineTokens';
import { inboundActivitySchema } from './activities';

export const DIRECT_LINE_PATH = '/v3/directline';
/** Most activities one GET answers with; a client reads on from the watermark it gets. */
const PAGE_SIZE = 100;
/** Messages one conversation may post per minute: far above a person typing, well below a flood. */
const POSTS_PER_MINUTE = 60;

const conversationIdParam = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);
const watermarkQuery = z.object({
  watermark: z
    .string()
    .regex(/^\d{0,9}$/, 'watermark must be a number')
    .optional(),
});

export interface DirectLineRouteDeps {
  adapter: DirectLineAdapter;
  store: DirectLineStore;
  tokens: DirectLineTokens;
  http: Config['http'];
}

function bearerToken(req: Request): string {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._-]{1,2048})$/.exec(header) : null;
  if (!match?.[1]) throw unauthorized('Send the Direct Line token as "Authorization: Bearer <token>".');
  return match[1];
}

/** Verifies a conversation token; 403 (which Web Chat reads as "expired") for anything wrong with it. */
export function verifyConversationToken(tokens: DirectLineTokens, token: string): VerifiedToken {
  try {
    return tokens.verify(token, 'conversation');
  } catch (err) {
    if (err instanceof TokenError) {
      throw forbidden(
        err.problem === 'expired' ? 'The token has expired.' : 'The token is not valid.',
        err.problem === 'expired' ? 'TokenExpired' : 'TokenInvalid',
      );
    }
    throw err;
  }
}

export function parseWatermark(req: Request): number {
  const parsed = watermarkQuery.safeParse(req.query ?? {});
  if (!parsed.success) throw badRequest('The watermark must be a number.', 'BadWatermark');
  return Number(parsed.data.watermark || '0');
}

/**
 * The local Direct Line 3.0 REST surface (the WebSocket stream is in DirectLineStreams):
 * start or resume a conversation, post an activity, read activities after a watermark, and
 * refresh a token. Every call carries its conversation token; a token for another conversation
 * or an expired one is refused with 403.
 */
export function registerDirectLineRoutes(server: Server, deps: DirectLineRouteDeps): void {
  const { adapter, store, tokens } = deps;
  const postLimiter = new RateLimiterMemory({ points: POSTS_PER_MINUTE, duration: 60 });

  const authorise = (req: Request): VerifiedToken => {
    const grant = verifyConversationToken(tokens, bearerToken(req));
    const { conversationId } = req.params as { conversationId?: string };
    if (conversationId !== undefined && !conversationIdParam.safeParse(conversationId).success) {
      throw notFound('No such conversation.');
    }
    if (conversationId !== undefined && conversationId !== grant.conversationId) {
      throw forbidden('This token is for another conversation.', 'WrongConversation');
    }
    return grant;
  };

  const conversationAnswer = (
    req: Request,
    conversation: DirectLineConversation,
    grant: VerifiedToken,
    watermark: number,
  ) => {
    const base = publicBaseUrl(req, deps.http).replace(/^http/, 'ws');
    const stream = new URL(`${base}${DIRECT_LINE_PATH}/conversations/${conversation.id}/stream`);
    stream.searchParams.set('watermark', String(watermark));
    stream.searchParams.set('t', tokens.issueStream(grant));
    const { token, expiresIn } = tokens.issue(grant);
    return { conversationId: conversation.id, token, expires_in: expiresIn, streamUrl: stream.toString() };
  };

  const ensure = async (grant: VerifiedToken): Promise<DirectLineConversation> => {
    const conversation = await adapter.ensureConversation(grant);
    if (conversation.userId !== grant.userId) {
      throw forbidden('This token is for another conversation.', 'WrongConversation');
    }
    return conversation;
  };

  // Start the conversation the token is for (idempotent: a second start resumes it).
  server.post(
    `${DIRECT_LINE_PATH}/conversations`,
    route(async (req: Request, res: Response) => {
      const grant = authorise(req);
      const conversation = await ensure(grant);
      res.status(201);
      res.json(conversationAnswer(req, conversation, grant, 0));
    }),
  );

  // Reconnect: a fresh stream URL (and token) for a conversation already started.
  server.get(
    `${DIRECT_LINE_PATH}/conversations/:conversationId`,
    route(async (req: Request, res: Response) => {
      const grant = authorise(req);
      const watermark = parseWatermark(req);
      const conversation = await ensure(grant);
      res.json(conversationAnswer(req, conversation, grant, watermark));
    }),
  );

  server.post(
    `${DIRECT_LINE_PATH}/conversations/:conversationId/activities`,
    route(async (req: Request, res: Response) => {
      const grant = authorise(req);
      const parsed = inboundActivitySchema.safeParse(req.body);
      if (!parsed.success) {
        throw badRequest('The activity is not valid.', 'BadActivity');
      }
      try {
        await postLimiter.consume(grant.conversationId);
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        res.header('Retry-After', String(Math.ceil(err.msBeforeNext / 1000)));
        throw tooManyRequests('Too many messages at once; wait a moment and try again.');
      }
      const conversation = await ensure(grant);
      try {
        res.json(await adapter.receive(conversation, parsed.data));
      } catch (err) {
        if (err instanceof ConversationGoneError) throw notFound('This conversation has ended.');
        throw err;
      }
    }),
  );

  server.get(
    `${DIRECT_LINE_PATH}/conversations/:conversationId/activities`,
    route(async (req: Request, res: Response) => {
      const grant = authorise(req);
      const watermark = parseWatermark(req);
      const conversation = await ensure(grant);
      const entries = await store.listAfter(conversation.id, watermark, PAGE_SIZE);
      res.json({
        activities: entries.map((e) => e.activity),
        watermark: String(entries.at(-1)?.watermark ?? watermark),
      });
    }),
  );

  server.post(
    `${DIRECT_LINE_PATH}/tokens/refresh`,
    route(async (req: Request, res: Response) => {
      const grant = verifyConversationToken(tokens, bearerToken(req));
      const { token, expiresIn } = tokens.issue(grant);
      await store.touchConversation(grant.conversationId, new Date());
      res.json({ conversationId: grant.conversationId, token, expires_in: expiresIn });
    }),
  );

  // Attachments are not accepted (the widget hides its upload button); say so plainly.
  server.post(
    `${DIRECT_LINE_PATH}/conversations/:conversationId/upload`,
    route(async (req: Request) => {
      authorise(req);
      return Promise.reject(new HttpError(400, 'UploadNotAccepted', 'Files cannot be sent in this chat.'));
    }),
  );
}
