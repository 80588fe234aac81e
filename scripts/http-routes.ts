/**
 * `npx tsx scripts/http-routes.ts`: starts the app on a random loopback port over a fresh embedded
 * store, reads the routes restify has registered, and writes them as the table in docs/http.md (then formatted by Prettier).
 * test/http/routeTable.test.ts fails when that table and the registered routes differ.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'restify';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { PROJECT_ROOT } from '../src/config/paths';
import { createLogger } from '../src/observability/logger';

export const HTTP_DOC = path.join(PROJECT_ROOT, 'docs', 'http.md');

/** The configuration the table is made with: the defaults, as in development, on loopback. */
export const ROUTE_TABLE_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
};

export interface RegisteredRoute {
  method: string;
  path: string;
}

/** Every route restify has registered, sorted by path then method. */
export function registeredRoutes(server: Server): RegisteredRoute[] {
  const routes = Object.values(server.router.getRoutes()).map((route) => ({
    method: String(route.method).toUpperCase(),
    path: String(route.path),
  }));
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

export function routeTable(routes: readonly RegisteredRoute[]): string {
  const lines = routes.map((r) => `| ${r.method} | \`${r.path}\` |`);
  return ['| Method | Path |', '| --- | --- |', ...lines].join('\n');
}

export function httpDoc(routes: readonly RegisteredRoute[]): string {
  return `# HTTP surface

Every route the server registers, generated from restify's route table by
\`npx tsx scripts/http-routes.ts\` (the app started on a random loopback port over a fresh embedded store,
default configuration). \`test/http/routeTable.test.ts\` fails when this table and the registered routes
differ: after adding or removing a route, run the script and commit this file. What each route does:
[architecture](architecture.md), [web chat](webchat.md), [SMS](sms.md), [console](console.md),
[privacy](privacy.md), [reports](reports.md), [operating](operating.md). The \`/dev/sms\` simulator's
routes are there outside production only.

${routeTable(routes)}
`;
}

/** Starts the app as the table describes it, and returns its registered routes. */
export async function routesOfTheApp(): Promise<RegisteredRoute[]> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'psa-routes-'));
  try {
    const config = loadConfig({ ...ROUTE_TABLE_ENV, DATA_DIR: dataDir });
    const app = await createApp(config, createLogger({ level: 'silent' }));
    try {
      await app.listen();
      return registeredRoutes(app.server);
    } finally {
      await app.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const routes = await routesOfTheApp();
  await writeFile(HTTP_DOC, await (await import('prettier')).format(httpDoc(routes), { filepath: HTTP_DOC }));
  console.log(`${HTTP_DOC}: ${routes.length} routes`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
