import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';

type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;

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

/**
 * botbuilder's channel authentication, with one connector client per bot identity, service URL
 * and audience instead of a new one for every turn. CloudAdapter asks for a connector client on
 * each incoming activity, and a new one builds its whole HTTP pipeline (about a dozen policies)
 * and credentials; a client keeps no turn's data (its credentials fetch and renew their own
 * token), as botbuilder's older BotFrameworkAdapter also reused them. The clients go without
 * @azure's tracing policy, which does nothing here but cost time on every reply sent.
 */
export class ReusingAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();

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

  private reusing(factory: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const identity = IDENTITY_CLAIMS.map((claim) => claimsIdentity.getClaimValue(claim) ?? '');
    return {
      create: (serviceUrl: string, audience?: string): Promise<ConnectorClient> => {
        const key = JSON.stringify([...identity, claimsIdentity.isAuthenticated, serviceUrl, audience ?? '']);
        const known = this.clients.get(key);
        if (known) return known;
        const created = factory.create(serviceUrl, audience).then((client) => {
          withoutTracing(client);
          return client;
        });
        // A client that could not be made is not kept: the next turn tries again.
        created.catch(() => this.clients.delete(key));
        if (this.clients.size >= MAX_CLIENTS) {
          const oldest = this.clients.keys().next().value;
          if (oldest !== undefined) this.clients.delete(oldest);
        }
        this.clients.set(key, created);
        return created;
      },
    };
  }
}
