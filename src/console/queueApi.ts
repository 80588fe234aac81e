import { OPEN_CASE_STATUSES } from '../domain/caseLifecycle';
import { CASE_KINDS, type CaseKind } from '../domain/model/case';
import type { Server } from 'restify';
import { z } from 'zod';
import { badRequest } from '../http/errors';
import { route } from '../http/server';
import { parseRequest } from './parseRequest';
import { CASE_STATUSES, type Case, type CaseStatus } from '../domain/model/case';
import { type CaseFilter, type TranscriptStore } from '../store/ports';
import { schoolFilter } from './access';
import type { StaffAuth } from './auth/StaffAuth';
import type { ConsoleServices } from './caseCommands';
import { SEARCH_SCAN_LIMIT, asReference, caseMatches } from './caseSearch';
import { staffNames } from './presentCase';
import { presentQueueRow } from './presentQueue';

const OPEN: CaseStatus[] = [...OPEN_CASE_STATUSES];

export const queueQuery = z.strictObject({
  school: z
    .string()
    .regex(/^[a-z0-9-]{2,64}$/, 'not a school id')
    .optional(),
  status: z
    .string()
    .regex(/^[a-z_,]{1,60}$/)
    .optional(),
  urgent: z.enum(['true', 'false']).optional(),
  kind: z.enum(CASE_KINDS as [CaseKind, ...CaseKind[]]).optional(),
  mine: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  skip: z.coerce.number().int().min(0).max(100_000).default(0),
});

function parseStatuses(value: string | undefined): CaseStatus[] | undefined {
  if (value === undefined || value === 'open') return OPEN;
  if (value === 'all') return undefined;
  const statuses = value.split(',');
  for (const s of statuses) {
    if (!(CASE_STATUSES as readonly string[]).includes(s))
      throw badRequest(`status: unknown status "${s}"`, 'InvalidRequest');
  }
  return statuses as CaseStatus[];
}

/**
 * `GET /api/console/cases`: the queue in the console's order (live chats with a parent waiting,
 * then urgent, then the earliest due), each row with what a PSW needs to choose (see
 * presentQueueRow), the counts behind the page's filters, and search (`q`, see caseSearch.ts).
 */
export function registerQueueApi(
  server: Server,
  deps: { services: ConsoleServices; auth: StaffAuth; transcripts: TranscriptStore },
): void {
  const { services, auth } = deps;
  server.get(
    '/api/console/cases',
    route(async (req, res) => {
      const query = parseRequest(queueQuery, req.query);
      const who = await auth.authenticate(req, { csrf: false });
      const schoolIds = schoolFilter(who.scope, query.school);
      const statuses = parseStatuses(query.status);
      const inSchools: CaseFilter = schoolIds ? { schoolIds } : {};
      const filter: CaseFilter = {
        ...inSchools,
        ...(statuses ? { statuses } : {}),
        ...(query.urgent ? { urgent: query.urgent === 'true' } : {}),
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.mine === 'true' ? { assigneeId: who.account.id } : {}),
      };
      const store = services.caseStore;
      let cases: Case[];
      let total: number;
      if (query.q) {
        const found = await search(query.q, filter, inSchools.schoolIds);
        total = found.length;
        cases = found.slice(query.skip, query.skip + query.limit);
      } else {
        [cases, total] = await Promise.all([
          store.listQueue(filter, { limit: query.limit, skip: query.skip }),
          store.count(filter),
        ]);
      }
      const [latest, names, counts] = await Promise.all([
        Promise.all(cases.map((c) => deps.transcripts.latest(c.conversationKey, ['parent', 'psw']))),
        services.staff.list().then(staffNames),
        countsFor(inSchools, who.account.id),
      ]);
      const now = services.now();
      res.json({
        cases: cases.map((theCase, i) =>
          presentQueueRow({ theCase, latest: latest[i] ?? null, content: services.content, names, now }),
        ),
        total,
        counts,
      });
    }),
  );

  /** A reference finds its case whatever the filters say; anything else searches the filtered cases. */
  async function search(q: string, filter: CaseFilter, schoolIds: string[] | undefined): Promise<Case[]> {
    const reference = asReference(q);
    if (reference) {
      const byReference = await services.caseStore.getByReference(reference);
      if (byReference && (!schoolIds || schoolIds.includes(byReference.schoolId))) return [byReference];
    }
    const scanned = await services.caseStore.listQueue(filter, { limit: SEARCH_SCAN_LIMIT });
    const topics = new Map(services.content.topics.map((t) => [t.id, t.label]));
    return scanned.filter((c) =>
      caseMatches(c, q, topics.get(typeof c.details.topic === 'string' ? c.details.topic : '')),
    );
  }

  /** How many cases each of the page's quick filters would show (in the chosen schools). */
  async function countsFor(inSchools: CaseFilter, staffId: string) {
    const count = (f: CaseFilter) => services.caseStore.count({ ...inSchools, ...f });
    const [open, waiting, liveWaiting, urgent, urgentWaiting, mine] = await Promise.all([
      count({ statuses: OPEN }),
      count({ statuses: ['new'] }),
      count({ statuses: ['new'], kind: 'live_chat' }),
      count({ statuses: OPEN, urgent: true }),
      count({ statuses: ['new'], urgent: true }),
      count({ statuses: OPEN, assigneeId: staffId }),
    ]);
    return { open, waiting, liveWaiting, urgent, urgentWaiting, mine };
  }
}
