import { open, type FileHandle } from 'node:fs/promises';

/**
 * Group commit for one NeDB collection file. NeDB appends each write with its own
 * open/append/close and holds the collection's queue (reads included) until the append is done,
 * so concurrent turns wait on each other's file I/O one by one. Here NeDB hands its lines over
 * and goes on; the lines of all writes made while an append is on its way are appended together,
 * in the order NeDB made them, through one file handle kept open.
 *
 * What is guaranteed: `settled()` resolves once every line handed over before the call is in the
 * file (written to the operating system, as NeDB's own append did: it survives the process being
 * killed, not a power cut, which neither did before). The collection resolves a write only after
 * `settled()`, and a read only after `settled()` too, so nothing a caller sees, written or read,
 * can be lost to a crash of the process. If an append fails, every write and read waiting on it
 * rejects (as the write did before).
 */
export class GroupCommitLog {
  private buffer = '';
  /** The append waiting to start (covers `buffer`), if any. */
  private scheduled: Promise<void> | null = null;
  /** The append under way, if any. */
  private inFlight: Promise<void> | null = null;
  private handle: FileHandle | null = null;

  constructor(
    private readonly filename: string,
    private readonly fileMode: number,
  ) {}

  /** Hands lines (each ending in a newline) over to be appended. */
  append(text: string): void {
    if (text === '') return;
    this.buffer += text;
    if (this.scheduled) return;
    const previous = this.inFlight ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        this.scheduled = null;
        this.inFlight = next;
        const data = this.buffer;
        this.buffer = '';
        try {
          this.handle ??= await open(this.filename, 'a', this.fileMode);
          await this.handle.appendFile(data, 'utf8');
        } finally {
          if (this.inFlight === next) this.inFlight = null;
        }
      });
    // Waiters (settled) see the failure; this keeps an unobserved one from crashing the process.
    next.catch(() => undefined);
    this.scheduled = next;
  }

  /** Resolves when everything handed over so far is in the file. */
  settled(): Promise<void> {
    return this.scheduled ?? this.inFlight ?? Promise.resolve();
  }

  /**
   * Waits for every pending append and closes the file handle: before NeDB rewrites the file
   * (compaction renames a new file over it, and the handle would point at the old one).
   */
  async drain(): Promise<void> {
    while (this.scheduled || this.inFlight) await this.settled().catch(() => undefined);
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }
}
