import type { Request, Server } from 'restify';
import { z } from 'zod';
import { describeSms, isGsm7 } from '../text/gsm7';
import { badRequest, forbidden, notFound } from '../http/errors';
import { route } from '../http/server';
import type { SavedReplyStore } from '../store/ports';
import { schoolFilter } from './access';
import type { SignedIn, StaffAuth } from './auth/StaffAuth';
import { isLead, type ConsoleServices } from './caseCommands';

const replyBody = z.strictObject({
  areaId: z.string().regex(/^[a-z0-9-]{1,64}$/),
  title: z.string().trim().min(1).max(80),
  text: z.string().trim().min(1).max(1600),
});
const updateBody = replyBody.omit({ areaId: true });
const idParams = z.object({ id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) });
const smsBody = z.strictObject({ text: z.string().max(1600) });

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw badRequest(`${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`, 'InvalidRequest');
}

/**
 * What helps a PSW write to a parent: saved replies (one list per area's PSW service; managers
 * of the area and admins keep it) and the SMS counter (characters, segments, and the characters
 * that are not in the SMS alphabet, by Twilio's own segment calculator).
 */
export function registerReplyToolsApi(
  server: Server,
  deps: { services: ConsoleServices; auth: StaffAuth; savedReplies: SavedReplyStore },
): void {
  const { services, auth, savedReplies } = deps;

  /** Areas an account works in (any of its schools). */
  const areasOf = (who: SignedIn): string[] => {
    const ids = schoolFilter(who.scope);
    const schools = ids
      ? services.content.schools.filter((s) => ids.includes(s.id))
      : services.content.schools;
    return [...new Set(schools.map((s) => s.area))];
  };
  const mustLeadArea = (who: SignedIn, areaId: string) => {
    if (!isLead(who)) throw forbidden('Only managers and admins can change the saved replies.');
    if (!areasOf(who).includes(areaId)) throw forbidden('Not one of your areas.');
  };
  const changed = (who: SignedIn, detail: string) =>
    services.audit.record({ at: services.now(), actorId: who.account.id, action: 'replies.change', detail });
  const signedIn = async (req: Request) => {
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '') && req.contentLength() > 0)
      throw badRequest('Send JSON (Content-Type: application/json).', 'UnsupportedMediaType');
    return await auth.authenticate(req, { csrf: true });
  };

  server.get(
    '/api/console/saved-replies',
    route(async (req, res) => {
      const who = await auth.authenticate(req, { csrf: false });
      const areas = areasOf(who);
      const replies = await savedReplies.list(areas);
      res.json({
        areas: services.content.areas
          .filter((a) => areas.includes(a.id))
          .map((a) => ({ id: a.id, name: a.name })),
        mayEdit: isLead(who),
        replies: replies.map((r) => ({ id: r.id, areaId: r.areaId, title: r.title, text: r.text })),
      });
    }),
  );

  server.post(
    '/api/console/saved-replies',
    route(async (req, res) => {
      const who = await signedIn(req);
      const body = parse(replyBody, req.body);
      mustLeadArea(who, body.areaId);
      const at = services.now();
      const created = await savedReplies.create({ ...body, createdBy: who.account.id, createdAt: at });
      await changed(who, 'added');
      res.json({
        reply: { id: created.id, areaId: created.areaId, title: created.title, text: created.text },
      });
    }),
  );

  server.post(
    '/api/console/saved-replies/:id',
    route(async (req, res) => {
      const who = await signedIn(req);
      const { id } = parse(idParams, req.params);
      const body = parse(updateBody, req.body);
      const current = await savedReplies.get(id);
      if (!current) throw notFound('No such saved reply.');
      mustLeadArea(who, current.areaId);
      await savedReplies.update(id, { ...body, updatedAt: services.now() });
      await changed(who, 'changed');
      res.json({ updated: true });
    }),
  );

  server.del(
    '/api/console/saved-replies/:id',
    route(async (req, res) => {
      const who = await signedIn(req);
      const { id } = parse(idParams, req.params);
      const current = await savedReplies.get(id);
      if (!current) throw notFound('No such saved reply.');
      mustLeadArea(who, current.areaId);
      await savedReplies.delete(id);
      await changed(who, 'removed');
      res.json({ deleted: true });
    }),
  );

  server.post(
    '/api/console/sms-count',
    route(async (req, res) => {
      await signedIn(req);
      const { text } = parse(smsBody, req.body);
      const { encoding, segments } = describeSms(text);
      const nonGsm = [...new Set([...text].filter((ch) => !isGsm7(ch)))];
      res.json({ characters: [...text].length, segments: text ? segments : 0, encoding, nonGsm });
    }),
  );
}
