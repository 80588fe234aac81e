import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { forbidden } from '../http/errors';
import { route } from '../http/server';
import { parseRequest } from './parseRequest';
import type { AuditEvent, AuditFilter } from '../store/ports';
import { canSeeSchool, schoolFilter, scopeOf } from './access';
import type { SignedIn, StaffAuth } from './auth/StaffAuth';
import { isLead, type ConsoleServices } from './caseCommands';
import { asReference } from './caseSearch';
import { AUDIT_WORDS, auditWords, reasonWords } from './inWords';
import { staffNames } from './presentCase';

const auditQuery = z.strictObject({
  reference: z.string().trim().max(20).optional(),
  caseId: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/)
    .optional(),
  actorId: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/)
    .optional(),
  action: z
    .string()
    .regex(/^[a-z_.]{1,40}$/)
    .optional(),
  /** Dates as the page's date fields send them (YYYY-MM-DD, UTC days). */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(200),
});

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `GET /api/console/audit` (managers and admins, their schools' events; admins all): filter by
 * case reference, person, action and dates, every event in words. `GET /api/console/audit.csv`:
 * the same as a CSV file (audited as an export).
 */
export function registerAuditApi(server: Server, deps: { services: ConsoleServices; auth: StaffAuth }): void {
  const { services, auth } = deps;

  async function load(req: Request, exporting: boolean) {
    const query = parseRequest(auditQuery, req.query);
    const who = await auth.authenticate(req, { csrf: false });
    if (!isLead(who)) throw forbidden('Only managers and admins can read the audit log.');
    const schoolIds = schoolFilter(who.scope);
    let caseId = query.caseId;
    if (query.reference) {
      const reference = asReference(query.reference);
      const found = reference ? await services.caseStore.getByReference(reference) : null;
      // An unknown reference (or another area's) matches nothing, not everything.
      caseId = found && canSeeSchool(who.scope, found.schoolId) ? found.id : 'no-such-case';
    }
    const filter: AuditFilter = {
      ...(schoolIds ? { schoolIds } : {}),
      ...(caseId ? { caseId } : {}),
      ...(query.actorId ? { actorId: query.actorId } : {}),
      ...(query.action ? { action: query.action } : {}),
      ...(query.from ? { since: new Date(`${query.from}T00:00:00Z`) } : {}),
      ...(query.to ? { until: new Date(Date.parse(`${query.to}T00:00:00Z`) + DAY_MS) } : {}),
    };
    const events = await services.audit.list(filter, { limit: query.limit });
    await services.audit.record({
      at: services.now(),
      actorId: who.account.id,
      action: exporting ? 'audit.export' : 'audit.view',
    });
    return { who, events: await present(events) };
  }

  async function present(events: AuditEvent[]) {
    const accounts = await services.staff.list();
    const names = staffNames(accounts);
    const name = (id: string) => (id === 'system' ? 'System' : (names.get(id) ?? 'Former staff member'));
    const references = new Map<string, string>();
    for (const id of new Set(events.map((e) => e.caseId).filter((id): id is string => !!id))) {
      const found = await services.caseStore.get(id);
      references.set(id, found?.reference ?? 'erased case');
    }
    const schoolName = (id: string) => services.content.schools.find((s) => s.id === id)?.name ?? id;
    return events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actorId: e.actorId,
      actor: name(e.actorId),
      action: e.action,
      what: auditWords(e.action),
      ...(e.caseId ? { caseId: e.caseId, reference: references.get(e.caseId) ?? '' } : {}),
      ...(e.schoolId ? { school: schoolName(e.schoolId) } : {}),
      ...(e.detail ? { detail: reasonWords(e.detail, name) } : {}),
    }));
  }

  /** Accounts a manager can filter by: those working with any of the manager's schools. */
  async function people(who: SignedIn) {
    const accounts = await services.staff.list();
    const mine = schoolFilter(who.scope);
    return accounts
      .filter((a) => {
        if (!mine) return true;
        const theirs = scopeOf(a, services.content);
        return theirs.all || theirs.schoolIds.some((id) => mine.includes(id));
      })
      .map((a) => ({ id: a.id, name: a.displayName }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  server.get(
    '/api/console/audit',
    route(async (req, res) => {
      const { who, events } = await load(req, false);
      res.json({
        events,
        people: await people(who),
        actions: Object.entries(AUDIT_WORDS).map(([id, words]) => ({ id, words })),
      });
    }),
  );

  server.get(
    '/api/console/audit.csv',
    route(async (req, res: Response) => {
      const { events } = await load(req, true);
      const rows = [
        ['When (UTC)', 'Person', 'What', 'Case', 'School', 'Detail'],
        ...events.map((e) => [e.at, e.actor, e.what, e.reference ?? '', e.school ?? '', e.detail ?? '']),
      ];
      const body = `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
      res.writeHead(200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="audit-log-${new Date().toISOString().slice(0, 10)}.csv"`,
        'Cache-Control': 'no-store',
      });
      res.end(body);
    }),
  );
}

/** A CSV cell; one a spreadsheet would run as a formula (=, +, -, @) is prefixed with '. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
