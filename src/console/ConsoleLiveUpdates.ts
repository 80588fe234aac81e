import type { Response } from 'restify';
import { tooManyRequests } from '../http/errors';
import type { Logger } from '../observability/logger';
import type { ChangeEvent, DocumentDatabase } from '../store/documents';
import type { Case } from '../domain/model/case';
import type { CaseStore, StaffStore, TranscriptStore } from '../store/ports';
import { canSeeSchool } from './access';
import type { SignedIn, StaffAuth } from './auth/StaffAuth';
import { presentTranscriptEntry, staffNames } from './presentCase';

const HEARTBEAT_MS = 25_000;

interface Stream {
  /** The console session it was opened for. */
  session: string;
  send(event: string, data: unknown): void;
  end(): void;
}

/** The queue hears that someone wrote at most this often (its previews of the last message). */
const QUEUE_MESSAGES_EVERY_MS = 2000;

/**
 * Server-sent events for the console, fed by `database.onChange` (MongoDB change streams where
 * available, so every instance sees every instance's writes). The queue stream says which cases
 * changed; a case stream also pushes new transcript lines. Each stream checks its session on every
 * heartbeat and ends when the session does.
 */
export class ConsoleLiveUpdates {
  private readonly streams = new Set<Stream>();

  constructor(
    private readonly deps: {
      database: DocumentDatabase;
      caseStore: CaseStore;
      transcripts: TranscriptStore;
      staff: StaffStore;
      auth: StaffAuth;
      logger: Logger;
      /** Streams one session may hold open at once. */
      streamsPerSession: number;
    },
  ) {}

  /**
   * Changes to any case the account may see: `event: case`, data `{ id }`; and `event: messages`
   * (no data) at most every QUEUE_MESSAGES_EVERY_MS when anyone wrote, so the queue's previews of
   * the last message stay current without a refresh per line.
   */
  async streamQueue(res: Response, who: SignedIn): Promise<void> {
    await this.open(res, who, (stream) => {
      let timer: NodeJS.Timeout | undefined;
      const stopCases = this.deps.database.onChange('cases', (event) => {
        void this.guard(async () => {
          if (event.operation === 'delete') return stream.send('case', { id: event.documentId });
          const changed = await this.deps.caseStore.get(event.documentId);
          if (changed && canSeeSchool(who.scope, changed.schoolId)) stream.send('case', { id: changed.id });
        });
      });
      const stopTranscripts = this.deps.database.onChange('transcripts', (event) => {
        if (event.operation !== 'insert' || timer) return;
        timer = setTimeout(() => {
          timer = undefined;
          stream.send('messages', {});
        }, QUEUE_MESSAGES_EVERY_MS);
      });
      return () => {
        clearTimeout(timer);
        stopCases();
        stopTranscripts();
      };
    });
  }

  /** One case: `event: case` when it changes, `event: transcript` with new lines as they are written. */
  async streamCase(res: Response, who: SignedIn, theCase: Case, since: Date | undefined): Promise<void> {
    const seen = new Set<string>();
    let after = since ?? new Date();
    let running: Promise<void> | undefined;
    let again = false;
    const pushTranscript = (stream: Stream) => {
      if (running) {
        again = true;
        return;
      }
      running = this.guard(async () => {
        do {
          again = false;
          // Lines written in the same millisecond as the last one seen are fetched again, then skipped.
          const entries = await this.deps.transcripts.list(theCase.conversationKey, {
            since: new Date(after.getTime() - 1),
          });
          const fresh = entries.filter((e) => !seen.has(e.id));
          for (const e of fresh) seen.add(e.id);
          const last = entries.at(-1);
          if (last && last.at > after) after = last.at;
          if (fresh.length > 0) {
            const names = staffNames(await this.deps.staff.list());
            stream.send(
              'transcript',
              fresh.map((e) => presentTranscriptEntry(e, names)),
            );
          }
        } while (again);
      }).finally(() => (running = undefined));
    };
    await this.open(res, who, (stream) => {
      const stopCases = this.deps.database.onChange('cases', (event: ChangeEvent) => {
        if (event.documentId === theCase.id) stream.send('case', { id: theCase.id });
      });
      const stopTranscripts = this.deps.database.onChange('transcripts', () => pushTranscript(stream));
      pushTranscript(stream);
      return () => {
        stopCases();
        stopTranscripts();
      };
    });
  }

  /** Ends every open stream (at shutdown, so that draining does not wait for them). */
  closeAll(): void {
    for (const stream of [...this.streams]) stream.end();
  }

  private async open(res: Response, who: SignedIn, subscribe: (stream: Stream) => () => void): Promise<void> {
    const session = who.session.token;
    const open = [...this.streams].filter((s) => s.session === session).length;
    if (open >= this.deps.streamsPerSession) {
      throw tooManyRequests(
        'Too many live update streams are open for this session; close some console tabs.',
      );
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    await new Promise<void>((resolve) => {
      let ended = false;
      const stream: Stream = {
        session,
        send: (event, data) => {
          if (!ended) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        },
        end: () => {
          if (ended) return;
          ended = true;
          clearInterval(heartbeat);
          unsubscribe();
          this.streams.delete(stream);
          res.end();
          resolve();
        },
      };
      const heartbeat = setInterval(() => {
        void this.guard(async () => {
          if (await this.deps.auth.stillSignedIn(who)) {
            if (!ended) res.write(': ping\n\n');
          } else {
            stream.send('signed-out', {});
            stream.end();
          }
        });
      }, HEARTBEAT_MS);
      this.streams.add(stream);
      const unsubscribe = subscribe(stream);
      res.once('close', () => stream.end());
    });
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.deps.logger.warn({ err }, 'console live update failed');
    }
  }
}
