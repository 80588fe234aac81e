/** Intents the dialogs act on, besides one `faq.<id>` per FAQ and one `signpost.<topic>` per topic. */
export const FIXED_INTENTS = [
  'referral.start',
  'talk_to_person',
  'command.help',
  'command.back',
  'command.restart',
  'command.stop',
  'greeting',
  'thanks',
  'goodbye',
  'data.erase',
] as const;
