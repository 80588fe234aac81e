import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import zlib from 'node:zlib';
import type { Request, Response } from 'restify';
import { HttpError } from './errors';

/** Deepest nesting of arrays and objects a JSON body may have (an activity needs about 6). */
export const JSON_MAX_DEPTH = 32;

export interface BodyReaderOptions {
  /** Largest body accepted, counted before and after decompression. */
  limitBytes: number;
  /** Paths whose clients may send a gzip- or deflate-compressed body; every other path refuses one. */
  compressedPaths: readonly string[];
}

/** A map of form fields with no prototype: a field named `constructor` or `toString` is just a field. */
export type FormFields = Record<string, string | string[]>;

const tooLarge = () => new HttpError(413, 'PayloadTooLarge', 'The request body is too large.');
const unsupportedType = () =>
  new HttpError(415, 'UnsupportedMediaType', 'Send the body as JSON or as form data.');
const unsupportedEncoding = () =>
  new HttpError(415, 'UnsupportedContentEncoding', 'A compressed request body is not accepted here.');
const unreadable = () =>
  new HttpError(400, 'BadRequest', 'The request could not be read. Send valid JSON or form data.');
const tooDeep = () => new HttpError(400, 'BadRequest', 'The request body is nested too deeply.');

/**
 * The one request body parser, in place of restify's: only JSON and form-encoded bodies are read
 * (nothing is ever written to disk), the size limit holds for the body as sent and as inflated,
 * compressed bodies only where a route needs them, JSON nesting is limited, and form fields land
 * in an object without a prototype. Sets `req.rawBody` (the text) and `req.body`.
 */
export function bodyReader(options: BodyReaderOptions) {
  return (req: Request, res: Response, next: (err?: Error) => void): void => {
    if (!hasBody(req)) return next();
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const kind =
      type === 'application/json' || type.endsWith('+json')
        ? 'json'
        : type === 'application/x-www-form-urlencoded'
          ? 'form'
          : undefined;
    if (!kind) return refuse(req, res, next, unsupportedType());
    const encoding = String(req.headers['content-encoding'] ?? 'identity')
      .trim()
      .toLowerCase();
    let inflate: Transform | undefined;
    if (encoding !== 'identity') {
      const allowed = options.compressedPaths.includes(req.getPath());
      if (!allowed || (encoding !== 'gzip' && encoding !== 'deflate')) {
        return refuse(req, res, next, unsupportedEncoding());
      }
      inflate = encoding === 'gzip' ? zlib.createGunzip() : zlib.createInflate();
    }
    readLimited(req, inflate, options.limitBytes).then(
      (buffer) => {
        const text = buffer.toString('utf8');
        req.rawBody = text;
        if (text.length === 0) return next();
        try {
          req.body = kind === 'json' ? parseJson(text) : parseForm(text);
        } catch (err) {
          return next(err instanceof HttpError ? err : unreadable());
        }
        next();
      },
      (err: unknown) => {
        res.setHeader('Connection', 'close');
        next(err instanceof HttpError ? err : unreadable());
      },
    );
  };
}

function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length'] ?? '0');
  return Number.isFinite(length) && length > 0;
}

/** Answers without reading the body; the connection closes so the unread body is not parsed as a request. */
function refuse(req: Request, res: Response, next: (err?: Error) => void, err: HttpError): void {
  res.setHeader('Connection', 'close');
  req.resume();
  next(err);
}

function readLimited(req: IncomingMessage, inflate: Transform | undefined, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      req.resume();
      return reject(tooLarge());
    }
    const chunks: Buffer[] = [];
    let sent = 0;
    let kept = 0;
    let done = false;
    const fail = (err: Error) => {
      if (done) return;
      done = true;
      inflate?.destroy();
      req.unpipe();
      req.resume();
      reject(err);
    };
    const keep = (chunk: Buffer) => {
      if (done) return;
      kept += chunk.length;
      if (kept > limit) return fail(tooLarge());
      chunks.push(chunk);
    };
    req.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      if (sent > limit) fail(tooLarge());
    });
    req.on('error', fail);
    const source = inflate ? req.pipe(inflate) : req;
    if (inflate) inflate.on('error', () => fail(unreadable()));
    source.on('data', keep);
    source.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks));
    });
  });
}

function parseJson(text: string): unknown {
  if (nestingDepth(text) > JSON_MAX_DEPTH) throw tooDeep();
  return JSON.parse(text) as unknown;
}

/** The deepest nesting of `[` and `{` outside strings (checked before parsing, without recursion). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** Form fields exactly as sent (repeated names become arrays), in an object without a prototype. */
export function parseForm(text: string): FormFields {
  const fields = Object.create(null) as FormFields;
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = Object.hasOwn(fields, key) ? fields[key] : undefined;
    fields[key] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return fields;
}
