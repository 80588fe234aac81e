import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';

export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Content file ${file} is invalid: ${problems.join('; ')}`);
    this.name = 'ContentError';
  }
}

/** Reads one content file and checks it against its schema (a ContentError naming the field if not). */
export async function readJson<T>(directory: string, file: string, schema: z.ZodType<T>): Promise<T> {
  const fullPath = path.join(directory, file);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(fullPath, 'utf8'));
  } catch (err) {
    throw new ContentError(file, [err instanceof Error ? err.message : String(err)]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ContentError(
      file,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return parsed.data;
}

/** Collects problems per file, then throws for the first file that has any. */
export class Problems {
  private readonly byFile = new Map<string, string[]>();

  add(file: string, fieldPath: Array<string | number>, message: string): void {
    const list = this.byFile.get(file) ?? [];
    list.push(`${fieldPath.join('.') || '(root)'}: ${message}`);
    this.byFile.set(file, list);
  }

  throwIfAny(): void {
    for (const [file, problems] of this.byFile) throw new ContentError(file, problems);
  }
}
