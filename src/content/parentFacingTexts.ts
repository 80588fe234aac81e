import type { Content } from './loadContent';

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Every sentence a parent can read, by content file (not the words the bot only listens for). */
export function parentFacingTexts(content: Content): Record<string, string[]> {
  const { yesWords: _yes, noWords: _no, skipWords: _skip, ...copy } = content.copy;
  const { leaveWords: _leave, skipWords: _skipFeedback, ...handoff } = content.handoff;
  const { keywords: _keywords, ...sms } = content.sms;
  return {
    'copy.json': strings(copy),
    'handoff.json': strings(handoff),
    'sms.json': strings(sms),
    'faq.json': content.faqs.flatMap((f) => [f.question, f.answer, f.smsAnswer]),
    'privacy.json': [
      ...content.privacy.summary,
      ...content.privacy.full,
      content.privacy.agreePrompt,
      content.privacy.agree,
      content.privacy.disagree,
      content.privacy.readMore,
      content.privacy.declined,
      content.privacy.beforeConsent,
      content.privacy.beforeConsentSms,
      ...strings(content.privacy.erasure),
    ],
    'topics.json': content.topics.map((t) => t.label),
    'agencies.json': content.agencies
      .flatMap((a) => [a.name, a.helpsWith, a.hours ?? '', a.chat ?? ''])
      .filter(Boolean),
  };
}
