import { randomUUID } from 'node:crypto';
import restify, { type Request, type Response, type Server } from 'restify';
import type { Config } from '../config';
import type { Logger } from '../observability/logger';
import { bodyReader, parseForm } from './bodyReader';
import { HttpError, notFound } from './errors';
import { isLoopbackClient } from './requestOrigin';

/** The only path whose clients may send a compressed body (Bot Framework channels). */
const COMPRESSED_BODY_PATHS = ['/api/messages'];
const HSTS = 'max-age=31536000; includeSubDomains';

export const INTERNAL_ERROR_MESSAGE = 'Something went wrong on our side. Please try again.';

interface RestifyLikeError extends Error {
  statusCode?: number;
  body?: { code?: string; message?: string };
  toJSON?: () => unknown;
}

/** Replacement messages for restify's own errors, so that no parser detail reaches a client. */
const SAFE_MESSAGES: Record<number, { code: string; message: string }> = {
  400: { code: 'BadRequest', message: 'The request could not be read. Send valid JSON or form data.' },
  404: { code: 'NotFound', message: 'Not found.' },
  405: { code: 'MethodNotAllowed', message: 'That method is not allowed here.' },
  406: { code: 'NotAcceptable', message: 'That content type cannot be produced.' },
  413: { code: 'PayloadTooLarge', message: 'The request body is too large.' },
  415: { code: 'UnsupportedMediaType', message: 'That content type is not supported.' },
};

/**
 * The one restify server: body size limit, JSON error bodies without stack traces or exception
 * text, and one error handler that logs what went wrong (never request bodies). An unexpected
 * error is answered with a fixed message and an error id, which is also in the log line.
 */
export function createHttpServer(http: Config['http'], logger: Logger): Server {
  const server = restify.createServer({
    name: 'parent-support-assistant',
    handleUncaughtExceptions: false,
    ignoreTrailingSlash: true,
    // Server-sent events (the console's live updates) write their own bodies; this only makes the type acceptable.
    formatters: { 'text/event-stream': (_req, _res, body) => String(body) },
  });
  server.use(restify.plugins.acceptParser(server.acceptable));
  // Query fields, like form fields, in an object without a prototype (`?constructor=x` is just a field).
  server.use((req: Request, _res: Response, next: (err?: Error) => void) => {
    req.query = parseForm(req.getQuery());
    next();
  });
  server.use(bodyReader({ limitBytes: http.bodyLimitBytes, compressedPaths: COMPRESSED_BODY_PATHS }));
  const hsts = http.publicUrl?.startsWith('https://') ?? false;
  server.use((req: Request, res: Response, next) => {
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Referrer-Policy', 'no-referrer');
    if (hsts) res.header('Strict-Transport-Security', HSTS);
    next();
  });
  // Development pages (/dev/…, e.g. the SMS simulator, which lists every simulated phone and PSW
  // alert) answer clients on this machine only, in any mode; to anyone else they do not exist.
  server.use((req: Request, _res: Response, next: (err?: Error) => void) => {
    const path = req.getPath();
    if ((path === '/dev' || path.startsWith('/dev/')) && !isLoopbackClient(req)) return next(notFound());
    next();
  });

  server.on('restifyError', (req: Request, res: Response, err: RestifyLikeError, callback: () => void) => {
    const status = err instanceof HttpError ? err.statusCode : (err.statusCode ?? 500);
    const route = req.getRoute()?.path ?? 'unmatched';
    const errorId = randomUUID();
    if (status >= 500) {
      logger.error({ err, errorId, method: req.method, route, status }, 'request failed');
    } else {
      logger.info({ method: req.method, route, status, code: err.name }, 'request refused');
    }
    const body =
      err instanceof HttpError
        ? { code: err.code, message: err.message }
        : status >= 500
          ? { code: 'InternalError', message: INTERNAL_ERROR_MESSAGE, errorId }
          : (SAFE_MESSAGES[status] ?? { code: 'Error', message: 'The request was refused.' });
    err.toJSON = () => body;
    err.body = body;
    // restify sends only errors with a numeric statusCode as they are; anything else it would wrap
    // in a new error carrying the exception's text.
    err.statusCode = status;
    callback();
  });
  return server;
}

/**
 * Wraps an async route so that an `HttpError` becomes its JSON answer and anything else a 500,
 * through the one error handler above.
 */
export function route(
  handler: (req: Request, res: Response) => Promise<void>,
): (req: Request, res: Response, next: (err?: Error) => void) => void {
  return (req, res, next) => {
    handler(req, res).then(
      () => next(),
      (err: unknown) => next(err instanceof Error ? err : new Error(String(err))),
    );
  };
}
