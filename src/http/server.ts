import restify, { type Request, type Response, type Server } from 'restify';
import type { Config } from '../config';
import type { Logger } from '../observability/logger';
import { HttpError } from './errors';

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
 * The one restify server: body size limit, JSON error bodies without stack traces, and one
 * error handler that logs what went wrong (never request bodies).
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
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(
    restify.plugins.bodyParser({
      maxBodySize: http.bodyLimitBytes,
      mapParams: false,
      mapFiles: false,
      keepExtensions: false,
      rejectUnknown: false,
    }),
  );
  server.use((req: Request, res: Response, next) => {
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Referrer-Policy', 'no-referrer');
    next();
  });

  server.on('restifyError', (req: Request, res: Response, err: RestifyLikeError, callback: () => void) => {
    const status = err instanceof HttpError ? err.statusCode : (err.statusCode ?? 500);
    const route = req.getRoute()?.path ?? 'unmatched';
    if (status >= 500) {
      logger.error({ err, method: req.method, route, status }, 'request failed');
    } else {
      logger.info({ method: req.method, route, status, code: err.name }, 'request refused');
    }
    const body =
      err instanceof HttpError
        ? { code: err.code, message: err.message }
        : status >= 500
          ? { code: 'InternalError', message: 'Something went wrong on our side. Please try again.' }
          : (SAFE_MESSAGES[status] ?? { code: 'Error', message: 'The request was refused.' });
    err.toJSON = () => body;
    err.body = body;
    if (err instanceof HttpError) (err as RestifyLikeError).statusCode = status;
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
