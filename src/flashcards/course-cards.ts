/**
 * A server's course cards (`/course import`) as drill cards. Their ids are the store keys
 * `course:<server>:<file id>` (src/store/course-repo.ts), so schedules follow the file's ids
 * across re-imports. Tags are the file's own words, not the built-in topics.
 */
import type { Kysely } from 'kysely';
import { CourseLibrary } from '../course/library.js';
import type { Database } from '../store/schema.js';
import { COURSE_PREFIX } from '../store/course-repo.js';
import type { Card, Tag } from './deck.js';

export const isCourseCard = (id: string): boolean => id.startsWith(COURSE_PREFIX);

/** The server (from a key), to reload its cards after a restart. */
export const serverOfKey = (id: string): string | undefined =>
  isCourseCard(id) ? id.slice(COURSE_PREFIX.length).split(':', 1)[0] : undefined;

export async function courseCards(
  db: Kysely<Database>,
  where: { platform: string; serverId: string },
  deck?: string,
): Promise<Card[]> {
  const items = await new CourseLibrary(db).items(where, deck === undefined ? {} : { deck });
  return items.flatMap(({ key, item }) =>
    item.kind === 'card'
      ? [
          {
            id: key,
            front: item.prompt,
            back: item.back,
            tags: item.tags as Tag[],
            source: item.source ?? 'Course material',
          },
        ]
      : [],
  );
}
