import type { Activity, Attachment, CardAction } from 'botbuilder';

/**
 * A choice the bot offered (a suggested action or a card button). By SMS it becomes a numbered
 * line; a reply of its number or its words selects it.
 */
export interface SmsChoice {
  title: string;
  /** What the bot receives as the message text when it is chosen. */
  text: string;
  /** What the bot receives as `activity.value` (postBack / messageBack / Action.Submit data). */
  value?: unknown;
  /** Listed without a number (see `SmsChannelData`): a reply of a number does not select it. */
  unnumbered?: boolean;
}

/** One outgoing activity, flattened to text for SMS. */
export interface SmsPart {
  text: string;
  choices: SmsChoice[];
  /** The parent asked for a list: it may run longer than the usual two segments. */
  requestedList: boolean;
  /** List the choices without numbers (see `SmsChannelData`). */
  unnumberedChoices?: boolean;
}

/**
 * Channel data an activity can carry for the SMS adapter:
 * - `requestedList`: it answers a parent who asked for a list (e.g. "list all the services"), so
 *   it may use more segments than usual;
 * - `numberedChoices: false`: its choices' titles hold numbers of their own (school years), so
 *   they are listed without numbers, and a reply of a number goes to the bot as typed ("2" is
 *   "Year 2", not the second choice).
 */
export interface SmsChannelData {
  sms?: { requestedList?: boolean; numberedChoices?: boolean };
}

const CHOICE_ACTIONS = new Set(['imBack', 'postBack', 'messageBack']);

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Markdown to plain text: links become "label: url", emphasis marks go. */
export function plainText(text: string): string {
  return text
    .replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) => {
      const target = url.replace(/^(mailto|tel):/i, '');
      return label.trim() === target ? target : `${label.trim()}: ${target}`;
    })
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
    .replace(/(\*\*|__)(?=\S)([^\n]*?\S)\1/g, '$2')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/^\s*[*+]\s+/gm, '- ');
}

function choiceFrom(action: CardAction): SmsChoice | undefined {
  const title = asString(action.title) ?? asString(action.displayText) ?? asString(action.text);
  const valueText = asString(action.value);
  if (action.type === 'imBack') {
    const text = valueText ?? title;
    return text ? { title: title ?? text, text } : undefined;
  }
  if (action.type === 'postBack') {
    if (valueText) return { title: title ?? valueText, text: valueText };
    return title ? { title, text: title, value: action.value as unknown } : undefined;
  }
  // messageBack
  const text = asString(action.text) ?? asString(action.displayText) ?? title;
  if (!text) return undefined;
  return {
    title: title ?? text,
    text,
    ...(action.value !== undefined ? { value: action.value as unknown } : {}),
  };
}

/** A button that is not a choice (a link, a phone number) becomes a line of text. */
function lineFrom(action: CardAction): string | undefined {
  const title = asString(action.title);
  const target = asString(action.value)?.replace(/^(tel|mailto):/i, '');
  if ((action.type === 'openUrl' || action.type === 'call') && target) {
    return title && title !== target ? `${title}: ${target}` : target;
  }
  return undefined;
}

interface Collected {
  lines: string[];
  choices: SmsChoice[];
}

function collectActions(actions: readonly CardAction[] | undefined, into: Collected): void {
  for (const action of actions ?? []) {
    if (CHOICE_ACTIONS.has(action.type)) {
      const choice = choiceFrom(action);
      if (choice) into.choices.push(choice);
    } else {
      const line = lineFrom(action);
      if (line) into.lines.push(line);
    }
  }
}

interface CardContent {
  title?: unknown;
  subtitle?: unknown;
  text?: unknown;
  buttons?: CardAction[];
}

interface AdaptiveElement {
  type?: unknown;
  text?: unknown;
  title?: unknown;
  value?: unknown;
  url?: unknown;
  data?: unknown;
  facts?: Array<{ title?: unknown; value?: unknown }>;
  items?: AdaptiveElement[];
  columns?: AdaptiveElement[];
  body?: AdaptiveElement[];
  actions?: AdaptiveElement[];
}

function collectAdaptive(element: AdaptiveElement, into: Collected): void {
  const text = asString(element.text);
  if (element.type === 'TextBlock' && text) into.lines.push(text);
  if (element.type === 'FactSet') {
    for (const fact of element.facts ?? []) {
      const title = asString(fact.title);
      const value = asString(fact.value);
      if (title || value) into.lines.push([title, value].filter(Boolean).join(' '));
    }
  }
  if (element.type === 'Action.OpenUrl' && asString(element.url)) {
    const title = asString(element.title);
    into.lines.push(title ? `${title}: ${String(element.url)}` : String(element.url));
  }
  if (element.type === 'Action.Submit') {
    const title = asString(element.title);
    const dataText = asString(element.data);
    if (title) {
      into.choices.push(
        dataText
          ? { title, text: dataText }
          : { title, text: title, ...(element.data !== undefined ? { value: element.data } : {}) },
      );
    }
  }
  for (const child of [
    ...(element.body ?? []),
    ...(element.items ?? []),
    ...(element.columns ?? []),
    ...(element.actions ?? []),
  ]) {
    collectAdaptive(child, into);
  }
}

function collectAttachment(attachment: Attachment, into: Collected): void {
  const type = attachment.contentType;
  if (type === 'application/vnd.microsoft.card.adaptive') {
    collectAdaptive((attachment.content ?? {}) as AdaptiveElement, into);
    return;
  }
  if (type.startsWith('application/vnd.microsoft.card.')) {
    const card = (attachment.content ?? {}) as CardContent;
    for (const field of [card.title, card.subtitle, card.text]) {
      const value = asString(field);
      if (value) into.lines.push(value);
    }
    collectActions(card.buttons, into);
    return;
  }
  if (attachment.contentUrl && /^https?:\/\//i.test(attachment.contentUrl)) {
    into.lines.push(attachment.name ? `${attachment.name}: ${attachment.contentUrl}` : attachment.contentUrl);
  }
}

/**
 * Flattens one outgoing activity for SMS: its text (links as plain URLs), cards as lines of text,
 * and its suggested actions and card buttons as choices. Activities that are not messages
 * (typing, events) render to nothing.
 */
export function renderActivity(activity: Partial<Activity>): SmsPart | undefined {
  if (activity.type !== undefined && activity.type !== 'message') return undefined;
  const collected: Collected = { lines: [], choices: [] };
  const text = asString(activity.text);
  if (text) collected.lines.push(text);
  for (const attachment of activity.attachments ?? []) collectAttachment(attachment, collected);
  collectActions(activity.suggestedActions?.actions, collected);
  if (collected.lines.length === 0 && collected.choices.length === 0) return undefined;
  const sms = (activity.channelData as SmsChannelData | undefined)?.sms;
  return {
    text: plainText(collected.lines.join('\n')),
    choices: collected.choices,
    requestedList: sms?.requestedList === true,
    ...(sms?.numberedChoices === false && collected.choices.length > 0 ? { unnumberedChoices: true } : {}),
  };
}
