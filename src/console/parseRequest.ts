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
