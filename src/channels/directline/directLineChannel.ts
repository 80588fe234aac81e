import type { TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import type { Config } from '../../config';
import type { Logger } from '../../observability/logger';
import type { Sealer } from '../../security/sealer';
import type { DirectLineStore } from '../../store/directLinePorts';
import type { ConversationChannel } from '../ChannelGateway';
import { DirectLineAdapter } from './DirectLineAdapter';
import { DirectLineStreams } from './DirectLineStreams';
import { DirectLineTokens } from './DirectLineTokens';
import { registerDirectLineRoutes } from './directLineRoutes';

export interface DirectLineChannel {
  adapter: DirectLineAdapter;
  tokens: DirectLineTokens;
  streams: DirectLineStreams;
  /** Adds the REST routes and the WebSocket upgrade handler to the server. */
  register(server: Server): void;
  /** Closes open streams; call before the stores close. */
  close(): Promise<void>;
}

export interface DirectLineChannelDeps {
  config: Config;
  store: DirectLineStore;
  sealer: Sealer;
  logger: Logger;
  runTurn: (context: TurnContext) => Promise<void>;
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
    ...(deps.otherwise ? { otherwise: deps.otherwise } : {}),
  });
  const streams = new DirectLineStreams(
    deps.store,
    tokens,
    deps.logger,
    deps.config.webChat.streamsPerConversation,
  );
  return {
    adapter,
    tokens,
    streams,
    register(server) {
      registerDirectLineRoutes(server, { adapter, store: deps.store, tokens, http: deps.config.http });
      streams.attach(server.server);
    },
    close: () => streams.close(),
  };
}
