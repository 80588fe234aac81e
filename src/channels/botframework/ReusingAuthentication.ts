import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { ReplySender, type RequestSigner } from './replySender';

type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type UserTokenClient = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;

/** More than the service URLs one bot is ever sent from (a channel has one or a few). */
const MAX_CLIENTS = 100;
/** The claims that decide which credentials a connector client signs its requests with. */
const IDENTITY_CLAIMS = ['aud', 'appid', 'azp', 'ver', 'iss'];
/** @azure/core-rest-pipeline's tracing policy (no tracer is configured: it only costs time). */
const TRACING_POLICY = 'tracingPolicy';

/** What a connector client holds inside (botbuilder-stdlib's ServiceClientContext wraps @azure/core-client's ServiceClient). */
interface WithPipeline {
  client?: { pipeline?: { removePolicy(policy: { name: string }): unknown } };
}

/** Takes the tracing policy out of the client's pipeline; if the client is not built as expected, leaves it as it is. */
function withoutTracing(client: ConnectorClient): void {
  (client as unknown as WithPipeline).client?.pipeline?.removePolicy({ name: TRACING_POLICY });
}

/** What a connector client holds besides its pipeline (botbuilder-stdlib's ServiceClientContext). */
interface WithCredentials {
  baseUri?: unknown;
  credentials?: Partial<RequestSigner>;
  options?: { userAgent?: unknown };
}

type Conversations = ConnectorClient['conversations'];

/**
 * The client's two ways of sending a reply (all botbuilder's CloudAdapter uses for a turn's
 * replies) go through a ReplySender with the client's own service URL and credentials; any
 * other call, or one with options or a callback, goes through the client as before. If the client
 * is not built as expected, it is left as it is.
 */
function withLightReplies(client: ConnectorClient): void {
  const inner = client as unknown as WithCredentials;
  const credentials = inner.credentials;
  if (typeof inner.baseUri !== 'string' || typeof credentials?.signRequest !== 'function') return;
  const userAgent =
    typeof inner.options?.userAgent === 'string' ? inner.options.userAgent : 'botframework-connector';
  const sender = new ReplySender(inner.baseUri, credentials as RequestSigner, userAgent);
  const conversations = client.conversations;
  const reply = conversations.replyToActivity.bind(conversations);
  const send = conversations.sendToConversation.bind(conversations);
  const light: Pick<Conversations, 'replyToActivity' | 'sendToConversation'> = {
    replyToActivity: ((conversationId: string, activityId: string, activity: object, ...rest: unknown[]) =>
      rest.length === 0
        ? sender.send(conversationId, activity, activityId)
        : (reply as (...args: unknown[]) => unknown)(conversationId, activityId, activity, ...rest)) as never,
    sendToConversation: ((conversationId: string, activity: object, ...rest: unknown[]) =>
      rest.length === 0
        ? sender.send(conversationId, activity)
        : (send as (...args: unknown[]) => unknown)(conversationId, activity, ...rest)) as never,
  };
  Object.assign(conversations, light);
}

/**
 * botbuilder's channel authentication, with one connector client per bot identity, service URL
 * and audience instead of a new one for every turn. CloudAdapter asks for a connector client on
 * each incoming activity, and a new one builds its whole HTTP pipeline (about a dozen policies)
 * and credentials; a client keeps no turn's data (its credentials fetch and renew their own
 * token), as botbuilder's older BotFrameworkAdapter also reused them. The clients go without
 * @azure's tracing policy, which does nothing here but cost time on every reply sent, and send a
 * turn's replies through a ReplySender (see withLightReplies).
 */
export class ReusingAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();
  private readonly userTokenClients = new Map<string, Promise<UserTokenClient>>();

  override async authenticateRequest(
    ...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
  ): ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']> {
    const result = await super.authenticateRequest(...args);
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: this.reusing(result.connectorFactory, result.claimsIdentity) };
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(super.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  /**
   * CloudAdapter also builds a user token client (OAuth sign-in, which this bot does not use) for
   * every incoming activity, with an HTTP pipeline of its own; it depends only on the bot's
   * identity (its app id and credentials), so one per identity does.
   */
  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const key = JSON.stringify([...identityOf(claimsIdentity), claimsIdentity.isAuthenticated]);
    return cached(this.userTokenClients, key, () => super.createUserTokenClient(claimsIdentity));
  }

  private reusing(factory: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const identity = identityOf(claimsIdentity);
    return {
      create: (serviceUrl: string, audience?: string): Promise<ConnectorClient> => {
        const key = JSON.stringify([...identity, claimsIdentity.isAuthenticated, serviceUrl, audience ?? '']);
        return cached(this.clients, key, () =>
          factory.create(serviceUrl, audience).then((client) => {
            withoutTracing(client);
            withLightReplies(client);
            return client;
          }),
        );
      },
    };
  }
}

function identityOf(claimsIdentity: ClaimsIdentity): string[] {
  return IDENTITY_CLAIMS.map((claim) => claimsIdentity.getClaimValue(claim) ?? '');
}

/** The value kept under `key`, made on first use; one that could not be made is not kept (the next turn tries again). */
function cached<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  const known = cache.get(key);
  if (known) return known;
  const created = make();
  created.catch(() => cache.delete(key));
  if (cache.size >= MAX_CLIENTS) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, created);
  return created;
}
