import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { badRequest } from '../../http/errors';
import { route } from '../../http/server';
import { PROJECT_ROOT } from '../../config/paths';
import { SIMULATOR_SERVICE_NUMBER, type SmsChannel } from './createSmsChannel';
import { describeSms } from '../../text/gsm7';
import { toE164 } from '../../text/phoneNumbers';
import type { SmsSimulator } from './SmsSimulator';

const PAGE_DIR = path.join(PROJECT_ROOT, 'public', 'dev');
const STATIC_FILES: Record<string, { file: string; type: string }> = {
  '/dev/sms': { file: 'sms.html', type: 'text/html; charset=utf-8' },
  '/dev/sms/sms.js': { file: 'sms.js', type: 'text/javascript; charset=utf-8' },
  '/dev/sms/sms.css': { file: 'sms.css', type: 'text/css; charset=utf-8' },
};

interface SimulatedService {
  id: string;
  label: string;
  number: string;
  schoolId?: string;
}

/** The numbers a pretend parent can text: each school's own (or a stand-in), and a general one. */
function servicesOf(channel: SmsChannel): SimulatedService[] {
  return [
    { id: 'service', label: 'The service (no school)', number: SIMULATOR_SERVICE_NUMBER },
    ...channel.content.schools.map((school) => ({
      id: school.id,
      label: school.name,
      number: school.smsNumbers?.[0] ?? `${SIMULATOR_SERVICE_NUMBER}-${school.id}`,
      schoolId: school.id,
    })),
  ];
}

const sendSchema = z.strictObject({
  phone: z.string().min(3).max(30),
  service: z.string().min(1).max(80),
  text: z.string().max(1600),
});

const listSchema = z.object({
  phone: z.string().min(3).max(30),
  after: z.coerce.number().int().min(0).default(0),
});

function pretendPhone(typed: string): string {
  try {
    return toE164(typed);
  } catch {
    throw badRequest('Type a phone number, e.g. 07700 900123.', 'BadPhoneNumber');
  }
}

/**
 * `/dev/sms`: text the assistant as a pretend phone and read its replies, without Twilio. Texts
 * go through the same inbox, turns and rendering as real ones; only the last hop differs.
 * Registered only outside production, and answers loopback clients only (see http/server.ts).
 */
export function registerSimulatorRoutes(server: Server, channel: SmsChannel, simulator: SmsSimulator): void {
  for (const [urlPath, asset] of Object.entries(STATIC_FILES)) {
    server.get(
      urlPath,
      route(async (_req: Request, res: Response) => {
        const body = await readFile(path.join(PAGE_DIR, asset.file));
        res.sendRaw(200, body, {
          'Content-Type': asset.type,
          'Content-Security-Policy': "default-src 'self'; frame-ancestors 'none'",
          'Cache-Control': 'no-store',
        });
      }),
    );
  }

  server.get(
    '/dev/sms/api/setup',
    route(async (_req: Request, res: Response) => {
      res.json({
        services: servicesOf(channel).map(({ id, label }) => ({ id, label })),
        twilioConfigured: channel.twilio !== undefined,
      });
      return Promise.resolve();
    }),
  );

  server.post(
    '/dev/sms/api/texts',
    route(async (req: Request, res: Response) => {
      const parsed = sendSchema.safeParse(req.body);
      if (!parsed.success) throw badRequest('Send { phone, service, text }.', 'BadSimulatedText');
      const service = servicesOf(channel).find((s) => s.id === parsed.data.service);
      if (!service) throw badRequest('Unknown service.', 'UnknownService');
      const phone = pretendPhone(parsed.data.phone);
      simulator.recordInbound(phone, service.number, parsed.data.text);
      await channel.adapter.receive(
        {
          messageSid: `SM${randomBytes(16).toString('hex')}`,
          from: phone,
          to: service.number,
          body: parsed.data.text,
          numMedia: 0,
        },
        'simulator',
        service.schoolId,
      );
      res.json({ phone });
    }),
  );

  server.get(
    '/dev/sms/api/texts',
    route(async (req: Request, res: Response) => {
      const parsed = listSchema.safeParse(req.query);
      if (!parsed.success) throw badRequest('Give a phone number.', 'BadQuery');
      const phone = pretendPhone(parsed.data.phone);
      res.json({
        phone,
        texts: simulator
          .conversation(phone, parsed.data.after)
          .map((text) => ({ ...text, segments: describeSms(text.body).segments })),
        phones: simulator.phones(),
      });
      return Promise.resolve();
    }),
  );
}
