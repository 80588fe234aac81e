import type { CardAction } from 'botbuilder';

/** Buttons for a score question in web chat: each number from `from` to `to`, then Skip. */
export function scoreButtons(from: number, to: number, skip: string): CardAction[] {
  return [
    ...Array.from({ length: to - from + 1 }, (_, k) => {
      const n = String(from + k);
      return { type: 'imBack', title: n, value: n };
    }),
    { type: 'imBack', title: skip, value: skip },
  ];
}
