import type { SmsSender } from '../channels/SmsSender';
import type { Content } from '../content/loadContent';
import { CaseTransitionError, type CaseService } from '../domain/CaseService';
import { areaOfCaseSchool, caseSchoolName } from '../domain/caseSchool';
import { isWorkingTime } from '../domain/workingHours';
import type { Logger } from '../observability/logger';
import type { DocumentDatabase } from '../store/documents';
import type { Case } from '../domain/model/case';
import type { CaseStore, StaffAccount, StaffStore } from '../store/ports';
import { canSeeSchool, scopeOf } from './access';

const CHANGE_SETTLE_MS = 200;

export interface UrgentCaseNotifierDeps {
  caseStore: CaseStore;
  cases: CaseService;
  staff: StaffStore;
  sms: SmsSender;
  database: DocumentDatabase;
  content: Pick<Content, 'schools' | 'areas'>;
  /** Per area id: the duty contact's mobile, for urgent cases whose school is not known (AREA_DUTY_PHONES). */
  areaDutyPhones?: Record<string, string>;
  logger: Logger;
  /** Base URL for the link in the text; none if unset. */
  publicUrl: string | undefined;
  sweepMs: number;
  now?: () => Date;
}

/**
 * Texts the on-duty PSWs of a school when one of its cases is urgent and waiting. It looks on
 * every change to the cases and on a timer, so a case that turns urgent later, or one that waited
 * for working hours, is caught too. Each case is alerted once: the alert is claimed with one
 * conditional update (`alertedAt`), so several instances never text twice. Outside the school's
 * working hours it waits for them (the bot has given the parent the emergency numbers). A case
 * whose school is not known (`area:<id>`, a safeguarding case the bot opened) has no hours to wait
 * for: it goes at once to the area's duty contact (AREA_DUTY_PHONES) and to the on-duty PSWs who
 * see that area. The text carries no personal data: the case reference, the school and a link.
 */
export class UrgentCaseNotifier {
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private readonly now: () => Date;

  constructor(private readonly deps: UrgentCaseNotifierDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  start(): void {
    // A burst of case changes (a busy queue) leads to one sweep, shortly after the first of them.
    this.unsubscribe = this.deps.database.onChange('cases', () => {
      this.soon ??= setTimeout(() => {
        this.soon = undefined;
        this.trigger();
      }, CHANGE_SETTLE_MS);
    });
    this.timer = setInterval(() => this.trigger(), this.deps.sweepMs);
    this.timer.unref();
    this.trigger();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.unsubscribe?.();
    await this.running;
  }

  /** Runs a sweep now, or once more after the one in progress. */
  trigger(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.sweep();
        } catch (err) {
          this.deps.logger.error({ err }, 'urgent case alert sweep failed');
        }
      } while (this.again);
    })().finally(() => (this.running = undefined));
  }

  /** Alerts every urgent waiting case not alerted yet; returns how many cases were alerted. */
  async sweep(): Promise<number> {
    const waiting = (
      await this.deps.caseStore.list({ statuses: ['new'], urgent: true }, { limit: 500 })
    ).filter((c) => !c.alertedAt);
    if (waiting.length === 0) return 0;
    const accounts = await this.deps.staff.list();
    let alerted = 0;
    for (const theCase of waiting) if (await this.alert(theCase, accounts)) alerted++;
    return alerted;
  }

  private async alert(theCase: Case, accounts: StaffAccount[]): Promise<boolean> {
    const now = this.now();
    const school = this.deps.content.schools.find((s) => s.id === theCase.schoolId);
    if (school && !isWorkingTime(school, now)) return false;
    const onDuty = accounts.filter(
      (a) =>
        a.role === 'psw' &&
        !a.disabled &&
        a.onDuty === true &&
        a.alertPhone !== undefined &&
        canSeeSchool(scopeOf(a, this.deps.content), theCase.schoolId),
    );
    const areaId = areaOfCaseSchool(theCase.schoolId);
    const dutyPhone = areaId ? this.deps.areaDutyPhones?.[areaId] : undefined;
    const phones = [
      ...new Set([...onDuty.map((a) => a.alertPhone ?? ''), ...(dutyPhone ? [dutyPhone] : [])]),
    ];
    // Nobody on duty yet: try again on the next change or sweep (someone may come on duty).
    if (phones.length === 0) return false;
    try {
      await this.deps.cases.record({
        caseId: theCase.id,
        event: 'staff_alerted',
        actorId: 'system',
        reason: `sms:${phones.length}`,
        set: { alertedAt: now },
        expectVersion: theCase.version,
      });
    } catch (err) {
      // Changed meanwhile (claimed, or alerted by another instance): look again next sweep.
      if (err instanceof CaseTransitionError) return false;
      throw err;
    }
    const link = this.deps.publicUrl ? ` ${this.deps.publicUrl}/console/cases/${theCase.id}` : '';
    const where = caseSchoolName(theCase.schoolId, this.deps.content);
    const body = `Urgent PSW case ${theCase.reference} at ${where} is waiting in the console.${link}`;
    const results = await Promise.allSettled(
      phones.map((to) => this.deps.sms.send({ to, body, purpose: 'staff_alert' })),
    );
    const failed = results.filter((r) => r.status === 'rejected').length;
    if (failed > 0)
      this.deps.logger.error(
        { caseId: theCase.id, failed, sent: results.length - failed },
        'urgent case alert not delivered to everyone',
      );
    else this.deps.logger.info({ caseId: theCase.id, sent: results.length }, 'urgent case alert sent');
    return true;
  }
}

/**
 * Until the SMS channel's sender is wired in, alerts are recorded on the case (who would have
 * been texted) and go nowhere.
 */
export const smsNotConfigured: SmsSender = { send: () => Promise.resolve() };
