import { z } from 'zod';

/**
 * Helpers for the per-feature environment schemas. Every variable arrives as a string (or
 * not at all); an empty string counts as unset so that a copied `.env.example` with blank
 * values behaves like no `.env` at all.
 */
const blankToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

export const optionalString = () => z.preprocess(blankToUndefined, z.string().trim().optional());

export const stringWithDefault = (fallback: string) =>
  z.preprocess(blankToUndefined, z.string().trim().default(fallback));

export const integer = (fallback: number, min: number, max: number) =>
  z.preprocess(blankToUndefined, z.coerce.number().int().min(min).max(max).default(fallback));

export const boolean = (fallback: boolean) =>
  z.preprocess(
    blankToUndefined,
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  );

export const optionalUrl = () =>
  z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
  );

/** A comma-separated list; blank entries are dropped. */
export const list = () =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .optional()
      .transform((v) =>
        (v ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0),
      ),
  );

export function oneOf<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
  return z.preprocess(blankToUndefined, z.enum(values).default(fallback));
}

/** A number (decimals allowed) between min and max. */
export const decimal = (fallback: number, min: number, max: number) =>
  z.preprocess(blankToUndefined, z.coerce.number().min(min).max(max).default(fallback));

/** One of the values, or unset. */
export function optionalOneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(blankToUndefined, z.enum(values).optional());
}
