import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Request, Response } from 'restify';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const unbrotli = promisify(zlib.brotliDecompress);
const gunzip = promisify(zlib.gunzip);

type Encoding = 'br' | 'gzip';

/** The codings an Accept-Encoding header accepts (q=0 means refused). */
function acceptedEncodings(header: string): Set<string> {
  const accepted = new Set<string>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  return accepted;
}

/** Worth compressing: below this, headers cost more than the bytes saved. */
const COMPRESS_FROM_BYTES = 1024;

/**
 * One file served from memory with an ETag, and compressed (brotli or gzip, as the client
 * accepts) the first time someone asks for it. Compression runs in libuv's thread pool; until
 * the smaller brotli copy is ready (seconds, for Web Chat's bundle), gzip is served. With a
 * `cacheDir` (under DATA_DIR, which only this instance uses), compressed copies are kept on disk
 * under the content's hash, so a restart reuses them; a copy read back is only served if it
 * decompresses to exactly the content (same length, same SHA-256), otherwise it is made again.
 */
export class StaticAsset {
  readonly etag: string;
  private readonly hash: string;
  private readonly compressed = new Map<Encoding, Buffer>();
  private readonly compressing = new Map<Encoding, Promise<Buffer>>();

  constructor(
    private readonly body: Buffer,
    private readonly contentType: string,
    private readonly headers: Record<string, string>,
    private readonly cacheDir?: string,
  ) {
    this.hash = createHash('sha256').update(body).digest('base64url');
    this.etag = `"${this.hash.slice(0, 27)}"`;
  }

  get size(): number {
    return this.body.length;
  }

  /** The compressed size for an encoding (compressing it if not yet done). */
  async compressedSize(encoding: Encoding): Promise<number> {
    return (await this.compress(encoding)).length;
  }

  async serve(req: Request, res: Response): Promise<void> {
    const headers: Record<string, string> = {
      'Content-Type': this.contentType,
      ETag: this.etag,
      Vary: 'Accept-Encoding',
      ...this.headers,
    };
    if (req.headers['if-none-match'] === this.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    let body = this.body;
    if (this.body.length >= COMPRESS_FROM_BYTES) {
      const accepted = String(req.headers['accept-encoding'] ?? '');
      const encoding = await this.pickEncoding(accepted);
      if (encoding) {
        body = this.compressed.get(encoding) ?? (await this.compress(encoding));
        headers['Content-Encoding'] = encoding;
      }
    }
    headers['Content-Length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  private async pickEncoding(accepted: string): Promise<Encoding | undefined> {
    const accepts = (name: Encoding) => acceptedEncodings(accepted).has(name);
    if (accepts('br')) {
      if (this.compressed.has('br')) return 'br';
      void this.compress('br').catch(() => undefined);
    }
    if (accepts('gzip')) {
      await this.compress('gzip');
      return 'gzip';
    }
    return undefined;
  }

  private compress(encoding: Encoding): Promise<Buffer> {
    let pending = this.compressing.get(encoding);
    if (!pending) {
      pending = this.cached(encoding, () =>
        encoding === 'br'
          ? brotli(this.body, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: this.body.length,
              },
            })
          : gzip(this.body, { level: 9 }),
      );
      pending.then(
        (buffer) => this.compressed.set(encoding, buffer),
        () => this.compressing.delete(encoding),
      );
      this.compressing.set(encoding, pending);
    }
    return pending;
  }

  /** Whether a compressed copy read back is exactly this asset's content. */
  private async decompressesToBody(encoding: Encoding, compressed: Buffer): Promise<boolean> {
    const limit = { maxOutputLength: this.body.length + 1 };
    const plain = encoding === 'br' ? await unbrotli(compressed, limit) : await gunzip(compressed, limit);
    return (
      plain.length === this.body.length &&
      createHash('sha256').update(plain).digest('base64url') === this.hash
    );
  }

  private async cached(encoding: Encoding, make: () => Promise<Buffer>): Promise<Buffer> {
    if (!this.cacheDir) return await make();
    const file = path.join(this.cacheDir, `${this.hash}.${encoding}`);
    try {
      const cached = await readFile(file);
      if (await this.decompressesToBody(encoding, cached)) return cached;
    } catch {
      // Not cached yet, or unreadable: made again below.
    }
    const buffer = await make();
    try {
      await mkdir(this.cacheDir, { recursive: true, mode: 0o700 });
      const partial = `${file}.${randomBytes(6).toString('hex')}.partial`;
      await writeFile(partial, buffer);
      await rename(partial, file);
    } catch {
      // A cache that cannot be written only costs the compression again next time.
    }
    return buffer;
  }
}
