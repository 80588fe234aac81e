import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Config } from '../../config';
import { forbidden } from '../../http/errors';
import { route } from '../../http/server';
import type { Logger } from '../../observability/logger';
import { isAllowedServiceUrl } from './serviceUrlGuard';

export interface BotFrameworkChannel {
  adapter: CloudAdapter;
  authenticationEnabled: boolean;
}

/**
 * `POST /api/messages`: the Bot Framework channel endpoint (Azure Bot Service, the Emulator),
 * through botbuilder's CloudAdapter. With MicrosoftAppId set, every request must carry a valid
 * channel token. Without it, authentication is off, so replies may only go to loopback or to
 * an allowed service URL; anything else is refused before the bot runs.
 */
export function createBotFrameworkChannel(
  settings: Config['botFramework'],
  logger: Logger,
): BotFrameworkChannel {
  const authentication = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: settings.appId ?? '',
    MicrosoftAppPassword: settings.appPassword ?? '',
    MicrosoftAppType: settings.appType,
    MicrosoftAppTenantId: settings.tenantId ?? '',
  });
  const adapter = new CloudAdapter(authentication);
  const authenticationEnabled = Boolean(settings.appId);
  if (!authenticationEnabled) {
    logger.warn(
      { allowedServiceUrls: settings.allowedServiceUrls.length },
      'MicrosoftAppId is not set: channel authentication is off; replies go only to loopback and allowed service URLs',
    );
  }
  return { adapter, authenticationEnabled };
}

export function registerBotFrameworkRoutes(
  server: Server,
  channel: BotFrameworkChannel,
  settings: Config['botFramework'],
  runTurn: (context: TurnContext) => Promise<void>,
): void {
  server.post(
    '/api/messages',
    route(async (req: Request, res: Response) => {
      if (!channel.authenticationEnabled) {
        const serviceUrl = (req.body as { serviceUrl?: unknown } | undefined)?.serviceUrl;
        if (!isAllowedServiceUrl(serviceUrl, settings.allowedServiceUrls)) {
          throw forbidden(
            'This serviceUrl is not allowed while channel authentication is off. Set MicrosoftAppId, or add it to ALLOWED_SERVICE_URLS.',
            'ServiceUrlNotAllowed',
          );
        }
      }
      await channel.adapter.process(req, res, runTurn);
    }),
  );
}
