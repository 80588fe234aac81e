import type { Server } from 'restify';
import type { DocumentDatabase } from '../store/documents';
import { route } from './server';

/** `GET /healthz`: the process answers. `GET /readyz`: the store answers too. */
export function registerHealthRoutes(
  server: Server,
  database: DocumentDatabase,
  isShuttingDown: () => boolean,
): void {
  server.get(
    '/healthz',
    route(async (_req, res) => {
      res.json({ status: 'ok' });
      return Promise.resolve();
    }),
  );
  server.get(
    '/readyz',
    route(async (_req, res) => {
      if (isShuttingDown()) {
        res.status(503);
        res.json({ status: 'shutting_down' });
        return;
      }
      try {
        await database.ping();
        res.json({ status: 'ready', store: database.kind });
      } catch {
        res.status(503);
        res.json({ status: 'unavailable', store: database.kind });
      }
    }),
  );
}
