import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root (the folder with package.json), whether running from src/ or from dist/. */
function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
export const CONTENT_DIR = path.join(PROJECT_ROOT, 'content');
