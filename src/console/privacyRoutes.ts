import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Content } from '../content/loadContent';
import { badRequest, forbidden, notFound } from '../http/errors';
import { route } from '../http/server';
import { isLead } from './caseCommands';
import { parseRequest, requireJson } from './parseRequest';
import { CASE_ERASURE_REASONS, ERASURE_WITHHELD } from '../privacy/ErasureService';
import type { PrivacyOperations } from '../privacy/PrivacyOperations';
import type { SubjectAccessFile } from '../privacy/SubjectAccessExport';
import type { Case } from '../domain/model/case';
import type { Stores } from '../store/ports';
import { canSeeSchool, schoolFilter } from './access';
import type { SignedIn, StaffAuth } from './auth/StaffAuth';

export interface PrivacyRouteDeps {
  auth: StaffAuth;
  privacy: PrivacyOperations;
  stores: Stores;
  content: Content;
  now: () => Date;
}

const id = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not an id');
const caseParams = z.object({ id });
const eraseBody = z.strictObject({ reason: z.enum(CASE_ERASURE_REASONS) });
const phoneBody = z.strictObject({ phone: z.string().trim().min(5).max(32) });
const listQuery = z.strictObject({
  school: z
    .string()
    .regex(/^[a-z0-9-]{2,64}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/**
 * `/api/console/privacy/...`: a manager's privacy tools (docs/privacy.md). Managers and admins
 * only, within their schools; every use is audited.
 */
export function registerPrivacyRoutes(server: Server, deps: PrivacyRouteDeps): void {
  const { auth, stores } = deps;
  const lead = async (req: Request, csrf: boolean): Promise<SignedIn> => {
    if (csrf) requireJson(req, true);
    const who = await auth.authenticate(req, { csrf });
    if (!isLead(who)) throw forbidden('Only managers and admins can use the privacy tools.');
    return who;
  };
  const caseInScope = async (who: SignedIn, caseId: string): Promise<Case> => {
    // By id, or by the reference staff read on the case page.
    const found = (await stores.cases.get(caseId)) ?? (await stores.cases.getByReference(caseId));
    if (!found || !canSeeSchool(who.scope, found.schoolId)) throw notFound('No such case.');
    return found;
  };
  const audit = (
    who: SignedIn,
    action: string,
    extra: { caseId?: string; schoolId?: string; detail?: string },
  ) => stores.audit.record({ at: deps.now(), actorId: who.account.id, action, ...extra });

  server.get(
    '/api/console/privacy/consents',
    route(async (req, res) => {
      const query = parseRequest(listQuery, req.query);
      const who = await lead(req, false);
      const schoolIds = schoolFilter(who.scope, query.school);
      const consents = await stores.privacy.consents.list(schoolIds ? { schoolIds } : {}, {
        limit: query.limit,
      });
      await audit(who, 'privacy.consents_view', {});
      res.json({
        consents: consents.map((c) => ({
          at: c.at.toISOString(),
          version: c.version,
          channelId: c.channelId,
          ...(c.schoolId ? { schoolId: c.schoolId } : {}),
        })),
      });
    }),
  );

  server.get(
    '/api/console/privacy/flags',
    route(async (req, res) => {
      const who = await lead(req, false);
      const schoolIds = schoolFilter(who.scope);
      const events = await stores.audit.list({
        action: ERASURE_WITHHELD,
        ...(schoolIds ? { schoolIds } : {}),
      });
      const flags = [];
      for (const event of events) {
        const theCase = event.caseId ? await stores.cases.get(event.caseId) : null;
        if (!theCase) continue;
        flags.push({
          at: event.at.toISOString(),
          caseId: theCase.id,
          reference: theCase.reference,
          schoolId: theCase.schoolId,
        });
      }
      res.json({ flags });
    }),
  );

  server.get(
    '/api/console/privacy/report-counts',
    route(async (req, res) => {
      const who = await lead(req, false);
      const schoolIds = schoolFilter(who.scope);
      res.json({ months: await stores.privacy.reportCounts.list(schoolIds ? { schoolIds } : {}) });
    }),
  );

  server.post(
    '/api/console/privacy/cases/:id/erase',
    route(async (req, res) => {
      const caseId = parseRequest(caseParams, req.params).id;
      const body = parseRequest(eraseBody, req.body);
      const who = await lead(req, true);
      const theCase = await caseInScope(who, caseId);
      await deps.privacy.erasure.eraseCase({
        caseId: theCase.id,
        actorId: who.account.id,
        reason: body.reason,
      });
      res.json({ erased: true, reference: theCase.reference });
    }),
  );

  server.get(
    '/api/console/privacy/cases/:id/export',
    route(async (req, res) => {
      const caseId = parseRequest(caseParams, req.params).id;
      const who = await lead(req, false);
      const theCase = await caseInScope(who, caseId);
      const file = await deps.privacy.exports.forCase(theCase);
      await audit(who, 'privacy.export', {
        caseId: theCase.id,
        schoolId: theCase.schoolId,
        detail: 'by=case',
      });
      sendFile(res, `subject-access-${theCase.reference}.json`, file);
    }),
  );

  server.post(
    '/api/console/privacy/export-by-phone',
    route(async (req, res) => {
      const body = parseRequest(phoneBody, req.body);
      const who = await lead(req, true);
      let file: SubjectAccessFile;
      try {
        file = await deps.privacy.exports.forPhone(body.phone, schoolFilter(who.scope));
      } catch (err) {
        if (err instanceof Error && /phone number|NOT_A_NUMBER|TOO_|INVALID/i.test(err.message))
          throw badRequest('phone: not a phone number', 'InvalidRequest');
        throw err;
      }
      await audit(who, 'privacy.export', { detail: `by=phone;cases=${file.cases.length}` });
      sendFile(res, 'subject-access-by-phone.json', file);
    }),
  );
}

function sendFile(res: Response, filename: string, file: SubjectAccessFile): void {
  const body = JSON.stringify(file, null, 2);
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
