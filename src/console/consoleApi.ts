import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { CASE_OUTCOMES } from '../domain/caseLifecycle';
import { badRequest, forbidden } from '../http/errors';
import { clientAddress } from '../http/requestOrigin';
import { route } from '../http/server';
import { parseRequest, requireJson } from './parseRequest';
import type { Case, CaseOutcome } from '../domain/model/case';
import { canSeeSchool, schoolFilter, scopeOf } from './access';
import { BACKGROUND_HEADER, type SignedIn, type StaffAuth } from './auth/StaffAuth';
import {
  addNote,
  claimCase,
  closeCase,
  recordContactAttempt,
  releaseCase,
  reopenCase,
  replyToParent,
  setUrgency,
  transferCase,
  viewCase,
  caseFor,
  type ConsoleServices,
} from './caseCommands';
import type { ConsoleLiveUpdates } from './ConsoleLiveUpdates';
import { presentCase, presentSummary, staffNames } from './presentCase';
import { CONSOLE_LABELS } from './inWords';
import type { FeedbackStore, SavedReplyStore, TranscriptStore } from '../store/ports';
import type { OutcomeContent } from '../reports/outcomeContent';

export interface ConsoleApiDeps {
  services: ConsoleServices;
  auth: StaffAuth;
  live: ConsoleLiveUpdates;
  transcripts: TranscriptStore;
  feedback: FeedbackStore;
  /** What a PSW can record at closing (content/outcomes.json). */
  outcomes: OutcomeContent;
  /** Reverse proxies in front of the service (TRUST_PROXY), for the sign-in limit per address. */
  trustedProxyHops: number;
  savedReplies: SavedReplyStore;
}

// ---- request schemas (strict: unknown keys, wrong types and `$` operators are refused) ---------

const id = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not an id');
// A school id, or `area:<id>` for an area's cases whose school is not known (src/domain/caseSchool.ts).
const schoolId = z.string().regex(/^(?:area:)?[a-z0-9-]{2,64}$/, 'not a school id');
const freeText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

const loginBody = z.strictObject({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(256),
});
const caseParams = z.object({ id });
const releaseBody = z.strictObject({ reason: freeText(200).optional() });
const transferBody = z.strictObject({ toStaffId: id, reason: freeText(200).optional() });
const percent = z.number().min(0).max(100);
const closeBody = z
  .strictObject({
    outcome: z.enum(CASE_OUTCOMES as [CaseOutcome, ...CaseOutcome[]]),
    /** What changed: ids from content/outcomes.json (checked against it in the route). */
    areas: z
      .array(z.string().regex(/^[a-z][a-z0-9_]{1,40}$/))
      .max(20)
      .default([]),
    attendanceBefore: percent.optional(),
    attendanceAfter: percent.optional(),
    note: freeText(4000).optional(),
  })
  .refine((b) => (b.attendanceBefore === undefined) === (b.attendanceAfter === undefined), {
    message: 'give attendance both before and after, or neither',
    path: ['attendanceAfter'],
  });
const reopenBody = z.strictObject({ reason: freeText(200) });
const noteBody = z.strictObject({ text: freeText(4000) });
const replyBody = z.strictObject({ text: freeText(1600) });
const urgencyBody = z.strictObject({ urgent: z.boolean(), reason: freeText(300) });
const contactBody = z.strictObject({
  method: z.enum(['phone', 'text', 'email', 'in_person', 'other']),
  result: z.enum(['reached', 'no_answer', 'left_message', 'wrong_number', 'other']),
  note: freeText(4000).optional(),
});
const staffQuery = z.strictObject({ school: schoolId });
const onDutyBody = z.strictObject({ onDuty: z.boolean() });
const eventsQuery = z.strictObject({ since: z.iso.datetime().optional() });

/** `/api/console/...`: the console's JSON API. Every route: validate → authenticate → command → present. */
export function registerConsoleApi(server: Server, deps: ConsoleApiDeps): void {
  const { services, auth } = deps;
  const signedIn = (req: Request, csrf: boolean) => auth.authenticate(req, { csrf });
  const account = (who: SignedIn) => ({
    id: who.account.id,
    email: who.account.email,
    displayName: who.account.displayName,
    role: who.account.role,
    onDuty: who.account.onDuty ?? false,
    hasAlertPhone: who.account.alertPhone !== undefined,
  });
  const visibleSchools = (who: SignedIn) =>
    services.content.schools
      .filter((s) => who.scope.all || who.scope.schoolIds.includes(s.id))
      .map((s) => ({ id: s.id, name: s.name }));
  const sessionBody = (who: SignedIn) => ({
    staff: account(who),
    csrfToken: who.session.csrfToken,
    schools: visibleSchools(who),
    labels: CONSOLE_LABELS,
    idleTimeoutSeconds: Math.round(
      (who.session.expiresAt.getTime() - who.session.lastSeenAt.getTime()) / 1000,
    ),
  });
  const names = async () => staffNames(await services.staff.list());
  const caseId = (req: Request) => parseRequest(caseParams, req.params).id;
  const post = (path: string, handler: (req: Request, res: Response, who: SignedIn) => Promise<unknown>) =>
    server.post(
      path,
      route(async (req, res) => {
        requireJson(req);
        const who = await signedIn(req, true);
        res.json(await handler(req, res, who));
      }),
    );

  server.post(
    '/api/console/login',
    route(async (req, res) => {
      requireJson(req, true);
      const body = parseRequest(loginBody, req.body);
      const who = await auth.login(body.email, body.password, clientAddress(req, deps.trustedProxyHops));
      auth.setSessionCookie(res, who.session);
      res.json(sessionBody(who));
    }),
  );

  server.post(
    '/api/console/logout',
    route(async (req, res) => {
      const who = await signedIn(req, true);
      await auth.logout(who);
      auth.clearSessionCookie(res);
      res.json({ signedOut: true });
    }),
  );

  server.get(
    '/api/console/session',
    route(async (req, res) => {
      res.json(sessionBody(await signedIn(req, false)));
    }),
  );

  server.get(
    '/api/console/cases/:id',
    route(async (req, res) => {
      const id = caseId(req);
      const who = await signedIn(req, false);
      const theCase = await viewCase({
        services,
        who,
        caseId: id,
        refresh: req.headers[BACKGROUND_HEADER] === '1',
      });
      const areaId = services.content.schools.find((s) => s.id === theCase.schoolId)?.area;
      const [transcript, feedback, staffNames, related, savedReplies] = await Promise.all([
        deps.transcripts.list(theCase.conversationKey),
        deps.feedback.list({ caseId: theCase.id }),
        names(),
        services.caseStore.listRelated(theCase, schoolFilter(who.scope)),
        areaId ? deps.savedReplies.list([areaId]) : Promise.resolve([]),
      ]);
      res.json(
        presentCase({
          theCase,
          content: services.content,
          names: staffNames,
          transcript,
          feedback,
          who,
          related,
          savedReplies,
          now: services.now(),
        }),
      );
    }),
  );

  server.get(
    '/api/console/cases/:id/events',
    route(async (req, res) => {
      const id = caseId(req);
      const query = parseRequest(eventsQuery, req.query);
      const who = await signedIn(req, false);
      const theCase = await caseFor({ services, who, caseId: id });
      await deps.live.streamCase(res, who, theCase, query.since ? new Date(query.since) : undefined);
    }),
  );

  server.get(
    '/api/console/events',
    route(async (req, res) => {
      const who = await signedIn(req, false);
      await deps.live.streamQueue(res, who);
    }),
  );

  const present = async (
    result: { case: Parameters<typeof presentSummary>[0] } & Record<string, unknown>,
  ) => {
    const { case: theCase, ...rest } = result;
    return { case: presentSummary(theCase, services.content, await names()), ...rest };
  };

  /** A command on one case (`/api/console/cases/:id/<name>`): its body checked, the changed case presented. */
  const caseCommand = <B extends object>(
    name: string,
    body: z.ZodType<B>,
    command: (props: { services: ConsoleServices; who: SignedIn; caseId: string } & B) => Promise<Case>,
  ) =>
    post(`/api/console/cases/:id/${name}`, async (req, _res, who) =>
      present({
        case: await command({ services, who, caseId: caseId(req), ...parseRequest(body, req.body) }),
      }),
    );

  post('/api/console/cases/:id/claim', async (req, _res, who) =>
    present(await claimCase({ services, who, caseId: caseId(req) })),
  );
  post('/api/console/cases/:id/release', async (req, _res, who) => {
    const body = parseRequest(releaseBody, req.body);
    return present(await releaseCase({ services, who, caseId: caseId(req), ...body }));
  });
  caseCommand('transfer', transferBody, transferCase);
  post('/api/console/cases/:id/close', async (req, _res, who) => {
    const { outcome, areas, attendanceBefore, attendanceAfter, note } = parseRequest(closeBody, req.body);
    const unknown = areas.find((a) => !deps.outcomes.areas.some((known) => known.id === a));
    if (unknown) throw badRequest(`areas: unknown area "${unknown}"`, 'InvalidRequest');
    const closure = {
      areas: [...new Set(areas)],
      ...(attendanceBefore !== undefined && attendanceAfter !== undefined
        ? { attendanceBefore, attendanceAfter }
        : {}),
    };
    return present(
      await closeCase({ services, who, caseId: caseId(req), outcome, closure, ...(note ? { note } : {}) }),
    );
  });
  caseCommand('reopen', reopenBody, reopenCase);
  caseCommand('notes', noteBody, addNote);
  caseCommand('contact-attempts', contactBody, recordContactAttempt);
  caseCommand('urgency', urgencyBody, setUrgency);
  caseCommand('replies', replyBody, replyToParent);

  server.get(
    '/api/console/outcome-areas',
    route(async (req, res) => {
      await signedIn(req, false);
      res.json({ areas: deps.outcomes.areas, attendanceTopic: deps.outcomes.attendanceTopic });
    }),
  );

  server.get(
    '/api/console/staff',
    route(async (req, res) => {
      const query = parseRequest(staffQuery, req.query);
      const who = await signedIn(req, false);
      if (!canSeeSchool(who.scope, query.school)) throw forbidden('Not one of your schools.');
      const colleagues = (await services.staff.list()).filter(
        (a) => !a.disabled && canSeeSchool(scopeOf(a, services.content), query.school),
      );
      res.json({ staff: colleagues.map((a) => ({ id: a.id, displayName: a.displayName, role: a.role })) });
    }),
  );

  post('/api/console/me/on-duty', async (req, _res, who) => {
    const body = parseRequest(onDutyBody, req.body);
    const updated = await services.staff.update(who.account.id, { onDuty: body.onDuty });
    await services.audit.record({
      at: services.now(),
      actorId: who.account.id,
      action: 'staff.on_duty',
      detail: body.onDuty ? 'on' : 'off',
    });
    return { onDuty: updated?.onDuty ?? false };
  });
}
