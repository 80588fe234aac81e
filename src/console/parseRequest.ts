import type { Request } from 'restify';
import type { z } from 'zod';
import { badRequest } from '../http/errors';

/**
 * A request's body, query or parameters read through its schema: the value, or a 400 naming the
 * first field that is wrong (strict schemas refuse unknown keys and `$` operators).
 */
export function parseRequest<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw badRequest(
      `${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`,
      'InvalidRequest',
    );
  }
  return result.data;
}

/**
 * State-changing requests must be JSON: a cross-site form cannot send that without a CORS
 * preflight, which this server never grants (a second line of defence behind the CSRF token).
 */
export function requireJson(req: Request, always = false): void {
  const type = req.headers['content-type'] ?? '';
  if ((always || req.contentLength() > 0) && !/^application\/json\b/i.test(type)) {
    throw badRequest('Send JSON (Content-Type: application/json).', 'UnsupportedMediaType');
  }
}
