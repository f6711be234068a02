/**
 * A server's course questions (`/course import`) as quiz questions for `/quiz source:course`.
 * Their ids are the store keys `course:<server>:<file id>`, so answers (and `/course stats`)
 * follow the file's ids across re-imports. Choice and true/false questions are asked with the
 * round's buttons, numeric ones with a typed number (src/quiz/numeric.ts).
 */
import type { Kysely } from 'kysely';
import { CourseLibrary } from '../course/library.js';
import { TRUE_FALSE } from '../course/import/item.js';
import type { Database } from '../store/schema.js';
import type { Question } from './question.js';
import type { Topic } from './topics.js';

export async function courseQuestions(
  db: Kysely<Database>,
  where: { platform: string; serverId: string },
  filter: { tag?: string; deck?: string } = {},
): Promise<{ questions: Question[]; numeric: number }> {
  const items = await new CourseLibrary(db).items(where, filter);
  let numeric = 0;
  const questions: Question[] = [];
  for (const { key, item } of items) {
    if (item.kind === 'card') continue;
    const common = {
      id: key,
      // The file's first tag, shown as the question's topic; 'course' when it has none.
      topic: (item.tags[0] ?? 'course') as Topic,
      difficulty: item.difficulty ?? 'medium',
      prompt: item.prompt,
      explanation: item.explanation ?? '',
      source: item.source ?? 'Course material',
    };
    if (item.kind === 'numeric') {
      numeric++;
      questions.push({
        ...common,
        choices: [],
        correct: 0,
        numeric: { value: item.value, tolerance: item.tolerance },
      });
      continue;
    }
    const choices = item.kind === 'choice' ? item.choices : [...TRUE_FALSE];
    questions.push({ ...common, choices, correct: item.answer });
  }
  return { questions, numeric };
}
