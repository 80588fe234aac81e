import type { Server } from 'restify';
import type { Logger } from '../observability/logger';
import type { StaffStore } from '../store/ports';
import type { StaffAuth } from './auth/StaffAuth';
import type { ConsoleServices } from './caseCommands';
import { registerConsoleApi, type ConsoleApiDeps } from './consoleApi';
import type { ConsoleLiveUpdates } from './ConsoleLiveUpdates';
import { registerConsolePages } from './consolePages';
import { registerReportRoutes, type ReportRoutesDeps } from './reportRoutes';
import { registerAuditApi } from './auditApi';
import { registerQueueApi } from './queueApi';
import { registerReplyToolsApi } from './replyToolsApi';

/** Registers the console's pages and API on the server (the parts are built in the composition root). */
export async function registerConsole(
  server: Server,
  deps: ConsoleApiDeps &
    Pick<ReportRoutesDeps, 'signposting' | 'reportCounts'> & {
      services: ConsoleServices;
      auth: StaffAuth;
      live: ConsoleLiveUpdates;
    },
): Promise<void> {
  await registerConsolePages(server);
  registerConsoleApi(server, deps);
  registerReportRoutes(server, deps);
  registerQueueApi(server, deps);
  registerAuditApi(server, deps);
  registerReplyToolsApi(server, deps);
}

/** On a fresh install, says how to make the first account (there is no sign-up page, on purpose). */
export async function explainFirstAccount(staff: StaffStore, logger: Logger): Promise<void> {
  if ((await staff.count()) > 0) return;
  logger.warn(
    { command: 'npm run users -- add <email> --role admin --schools all' },
    'The PSW console has no accounts yet. Create the first admin with: npm run users -- add <email> --role admin --schools all',
  );
}
