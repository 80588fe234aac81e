import type { ConversationState, TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import type { Config } from '../../config';
import type { BackgroundWork } from '../../http/BackgroundWork';
import type { Logger } from '../../observability/logger';
import type { Sealer } from '../../security/sealer';
import type { DirectLineStore } from '../../store/directLinePorts';
import type { ConversationChannel } from '../ChannelGateway';
import { DirectLineAdapter, TURN_CLAIM_MS } from './DirectLineAdapter';
import { DirectLineStreams } from './DirectLineStreams';
import { DirectLineTokens } from './DirectLineTokens';
import { registerDirectLineRoutes } from './directLineRoutes';

export interface DirectLineChannel {
  adapter: DirectLineAdapter;
  tokens: DirectLineTokens;
  streams: DirectLineStreams;
  /** Adds the REST routes and the WebSocket upgrade handler to the server. */
  register(server: Server): void;
  /**
   * Runs the turns of parents' messages left unfinished by a crash: at once, then (for turns a
   * dead instance held) every `RESUME_INTERVAL_MS`.
   */
  start(): void;
  /** Closes open streams; call before the stores close. */
  close(): Promise<void>;
}

/** How often turns left unfinished by another (dead) instance are looked for. */
const RESUME_INTERVAL_MS = 60_000;

export interface DirectLineChannelDeps {
  config: Config;
  store: DirectLineStore;
  sealer: Sealer;
  logger: Logger;
  runTurn: (context: TurnContext) => Promise<void>;
  conversationState: ConversationState;
  work: BackgroundWork;
  /** With the embedded store (one process owns it), claims left by a crashed process are dropped at start. */
  singleProcessStore: boolean;
  /** Conversation references that are not the local Direct Line's (Azure's Web Chat channel). */
  otherwise?: ConversationChannel;
}

/** The local Direct Line 3.0 service for the web chat widget, and its bot adapter. */
export function createDirectLineChannel(deps: DirectLineChannelDeps): DirectLineChannel {
  const tokens = new DirectLineTokens(deps.sealer, deps.config.webChat.tokenTtlSeconds);
  const adapter = new DirectLineAdapter({
    store: deps.store,
    sealer: deps.sealer,
    runTurn: deps.runTurn,
    conversationState: deps.conversationState,
    ...(deps.otherwise ? { otherwise: deps.otherwise } : {}),
  });
  const streams = new DirectLineStreams(
    deps.store,
    tokens,
    deps.logger,
    deps.config.webChat.streamsPerConversation,
  );
  let timer: NodeJS.Timeout | undefined;
  const resume = (atStart: boolean) =>
    void deps.work.run(
      async () => {
        if (atStart && deps.singleProcessStore) await deps.store.dropTurnClaims();
        // Not a turn another instance may be running right now: only those logged a while ago.
        const before = atStart && deps.singleProcessStore ? new Date() : new Date(Date.now() - TURN_CLAIM_MS);
        const resumed = await adapter.resumePendingTurns(before);
        if (resumed > 0) deps.logger.info({ resumed }, 'web chat turns left unfinished were run');
      },
      (err) => deps.logger.error({ err }, 'could not run web chat turns left unfinished'),
    );
  return {
    adapter,
    tokens,
    streams,
    register(server) {
      registerDirectLineRoutes(server, { adapter, store: deps.store, tokens, http: deps.config.http });
      streams.attach(server.server);
    },
    start() {
      if (timer) return;
      resume(true);
      timer = setInterval(() => resume(false), RESUME_INTERVAL_MS);
      timer.unref();
    },
    close: () => {
      if (timer) clearInterval(timer);
      timer = undefined;
      return streams.close();
    },
  };
}
