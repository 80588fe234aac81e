import { readFile } from 'node:fs/promises';
import { HTTP_DOC, routesOfTheApp } from '../../scripts/http-routes';

/** The table's rows as "METHOD path", whatever column widths Prettier gave it. */
function documentedRoutes(markdown: string): string[] {
  return [...markdown.matchAll(/^\|\s*([A-Z]+)\s*\|\s*`([^`]+)`\s*\|$/gm)].map((m) => `${m[1]} ${m[2]}`);
}

describe('docs/http.md lists the HTTP surface', () => {
  it('has exactly the routes the app registers (regenerate with npx tsx scripts/http-routes.ts)', async () => {
    const registered = (await routesOfTheApp()).map((r) => `${r.method} ${r.path}`);
    expect(registered).toContain('POST /api/messages');
    expect(documentedRoutes(await readFile(HTTP_DOC, 'utf8'))).toEqual(registered);
  });
});
