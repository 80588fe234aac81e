import { detectRisk } from './riskDetector';

/**
 * What else a parent wrote in a risk message: its sentences that raise no risk on their own
 * ("My partner hit me. How do I get my son to sleep?" -> "How do I get my son to sleep?"), so the
 * conversation can go on with their question after the emergency message. '' when every sentence
 * is about the risk. Offline, like the check itself.
 */
export function whatElseWasAsked(text: string): string {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== '' && !detectRisk(sentence).atRisk)
    .join(' ');
}
