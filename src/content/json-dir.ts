/**
 * Course content kept as data (the quiz bank, the flashcard deck): every `*.json` file in a
 * folder holds an array of items with stable ids, validated with zod on load. A bad file
 * fails loudly with the file, the item path and what is wrong, so a teacher can fix it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export function loadJsonDir<T extends { id: string }>(
  dir: string,
  schema: z.ZodType<T>,
  fail: (message: string) => Error,
  noun: string,
): T[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const out: T[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      throw fail(`${file}: not valid JSON (${(error as Error).message})`);
    }
    const parsed = z.array(schema).safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw fail(`${file}: ${issue.path.join('.')}: ${issue.message}`);
    }
    for (const item of parsed.data) {
      if (seen.has(item.id)) throw fail(`${file}: duplicate ${noun} id ${item.id}`);
      seen.add(item.id);
      out.push(item);
    }
  }
  return out;
}
