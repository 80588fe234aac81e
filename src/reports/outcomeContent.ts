import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ContentError } from '../content/loadContent';
import { CONTENT_DIR } from '../config/paths';

const outcomesSchema = z.strictObject({
  about: z.string().optional(),
  /** What changed, from a list agreed with commissioners; a PSW ticks any that apply at closing. */
  areas: z
    .array(
      z.strictObject({ id: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/), label: z.string().min(2).max(80) }),
    )
    .min(1),
  /** Cases about this topic may record attendance before and after (percentages). */
  attendanceTopic: z.string(),
  /** Counts from 1 to this minus one are shown as "<N" in anything that can leave the service. */
  suppressBelow: z.number().int().min(2).max(20),
});

export type OutcomeContent = z.infer<typeof outcomesSchema>;

/** Reads and checks content/outcomes.json; a bad file stops the start naming the problem. */
export async function loadOutcomeContent(directory = CONTENT_DIR): Promise<OutcomeContent> {
  const file = 'outcomes.json';
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path.join(directory, file), 'utf8'));
  } catch (err) {
    throw new ContentError(file, [err instanceof Error ? err.message : 'unreadable']);
  }
  const parsed = outcomesSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ContentError(
      file,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  const ids = parsed.data.areas.map((a) => a.id);
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (repeated.length > 0) throw new ContentError(file, [`areas: "${repeated[0]}" is listed twice`]);
  return parsed.data;
}
