import type { Response } from 'restify';

/**
 * Errors a route can throw on purpose: a stable code, an HTTP status and a message that is safe
 * to show to whoever called. Anything else that escapes a route is answered as a plain 500.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, code = 'BadRequest') => new HttpError(400, code, message);
export const unauthorized = (message = 'Sign in first.') => new HttpError(401, 'Unauthorized', message);
export const forbidden = (message: string, code = 'Forbidden') => new HttpError(403, code, message);
export const notFound = (message = 'Not found.') => new HttpError(404, 'NotFound', message);
export const conflict = (message: string, code = 'Conflict') => new HttpError(409, code, message);
export const tooManyRequests = (message = 'Too many requests; try again shortly.') =>
  new HttpError(429, 'TooManyRequests', message);
export const unavailable = (message: string, code = 'ServiceUnavailable') =>
  new HttpError(503, code, message);

export function sendError(res: Response, err: HttpError): void {
  res.status(err.statusCode);
  res.json({ code: err.code, message: err.message });
}
