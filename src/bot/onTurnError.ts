import type { TurnContext } from 'botbuilder';
import type { Logger } from '../observability/logger';

/** The one turn error handler for every adapter: log without message text, tell the parent kindly. */
export function createOnTurnError(logger: Logger, apology: string) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    logger.error(
      { err: error, channelId: context.activity.channelId, activityType: context.activity.type },
      'bot turn failed',
    );
    try {
      await context.sendActivity(apology);
    } catch (sendError) {
      logger.error({ err: sendError }, 'could not send the apology after a failed turn');
    }
  };
}
