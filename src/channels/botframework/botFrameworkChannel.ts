import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Config } from '../../config';
import { badRequest, forbidden, HttpError, tooManyRequests } from '../../http/errors';
import { clientAddress } from '../../http/requestOrigin';
import { route } from '../../http/server';
import type { Logger } from '../../observability/logger';
import { ReusingAuthentication } from './ReusingAuthentication';
import { isAllowedServiceUrl } from './serviceUrlGuard';

/**
 * botbuilder's CloudAdapter, started from an activity the route has already checked.
 * `CloudAdapter.process` would check the request again with zod schemas of its own (about 1 % of a
 * turn's CPU) and write to the console when a token is refused; `runChecked` goes straight to what
 * `process` then calls: the channel token's check, the connector client and the turn.
 */
export class CheckedActivityAdapter extends CloudAdapter {
  runChecked(
    authorization: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

export interface BotFrameworkChannel {
  adapter: CheckedActivityAdapter;
  authenticationEnabled: boolean;
}

/** What every activity a channel posts must have before botbuilder sees it; the rest passes through. */
const channelAccount = z.looseObject({ id: z.string().min(1).max(256) });
const activitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  serviceUrl: z.string().min(1).max(2048),
  channelId: z.string().min(1).max(64),
  conversation: channelAccount,
  from: channelAccount,
  recipient: channelAccount.optional(),
  timestamp: z.iso.datetime({ offset: true }).optional(),
  localTimestamp: z.iso.datetime({ offset: true }).optional(),
});

const BAD_ACTIVITY = 'This is not a Bot Framework activity.';

/**
 * `POST /api/messages`: the Bot Framework channel endpoint (Azure Bot Service, the Emulator),
 * through botbuilder's CloudAdapter. With MicrosoftAppId set, every request must carry a valid
 * channel token. Without it, authentication is off, which is allowed only outside production (in
 * production the route does not exist): replies may only go to the exact loopback origins in
 * ALLOWED_SERVICE_URLS, and each client address is rate-limited.
 */
export function createBotFrameworkChannel(
  settings: Config['botFramework'],
  logger: Logger,
): BotFrameworkChannel {
  const authentication = new ReusingAuthentication({
    MicrosoftAppId: settings.appId ?? '',
    MicrosoftAppPassword: settings.appPassword ?? '',
    MicrosoftAppType: settings.appType,
    MicrosoftAppTenantId: settings.tenantId ?? '',
  });
  const adapter = new CheckedActivityAdapter(authentication);
  const authenticationEnabled = Boolean(settings.appId);
  if (!settings.enabled) {
    logger.warn(
      'POST /api/messages is off: MicrosoftAppId is not set and NODE_ENV=production (channel authentication would be off). Set MicrosoftAppId to use Azure Bot Service.',
    );
  } else if (!authenticationEnabled) {
    logger.warn(
      { allowedServiceUrls: settings.allowedServiceUrls.length },
      'MicrosoftAppId is not set: channel authentication is off (development only); replies go only to the origins in ALLOWED_SERVICE_URLS',
    );
  }
  return { adapter, authenticationEnabled };
}

/** As botbuilder's validateAndFixActivity (which CloudAdapter.process applies): times as Dates, the raw text kept. */
function withDates(body: Record<string, unknown>): Activity {
  const activity: Record<string, unknown> = { ...body };
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity as unknown as Activity;
}

export function registerBotFrameworkRoutes(
  server: Server,
  channel: BotFrameworkChannel,
  settings: Config['botFramework'],
  http: Config['http'],
  runTurn: (context: TurnContext) => Promise<void>,
): void {
  if (!settings.enabled) return;
  const limiter = new RateLimiterMemory({ points: settings.requestsPerMinute, duration: 60 });
  server.post(
    '/api/messages',
    route(async (req: Request, res: Response) => {
      if (!channel.authenticationEnabled) {
        try {
          await limiter.consume(clientAddress(req, http.trustedProxyHops));
        } catch (err) {
          if (!(err instanceof RateLimiterRes)) throw err;
          res.header('Retry-After', String(Math.ceil(err.msBeforeNext / 1000)));
          throw tooManyRequests();
        }
      }
      const parsed = activitySchema.safeParse(req.body);
      if (!parsed.success) throw badRequest(BAD_ACTIVITY, 'BadActivity');
      if (
        !channel.authenticationEnabled &&
        !isAllowedServiceUrl(parsed.data.serviceUrl, settings.allowedServiceUrls)
      ) {
        const origin = URL.canParse(parsed.data.serviceUrl)
          ? new URL(parsed.data.serviceUrl).origin
          : 'this serviceUrl';
        throw forbidden(
          `Replies to ${origin} are not allowed while channel authentication is off. Set MicrosoftAppId, or add that exact origin (a loopback one) to ALLOWED_SERVICE_URLS.`,
          'ServiceUrlNotAllowed',
        );
      }
      const authorization = req.headers.authorization;
      let invokeResponse: InvokeResponse | undefined;
      try {
        invokeResponse = await channel.adapter.runChecked(
          typeof authorization === 'string' ? authorization : '',
          withDates(parsed.data),
          runTurn,
        );
      } catch (err) {
        if (err instanceof AuthenticationError)
          throw new HttpError(401, 'Unauthorized', 'The channel token is missing or not valid.');
        throw err;
      }
      const status = invokeResponse?.status ?? 200;
      if (status >= 500) throw new Error(`the bot answered an invoke activity with ${status}`);
      if (status >= 400) throw badRequest(BAD_ACTIVITY, 'BadActivity');
      res.status(status);
      if (invokeResponse?.body !== undefined) res.json(invokeResponse.body);
      else res.end();
    }),
  );
}
