/** The private answers to a grade click that did not count. */
import type { Reply } from '../reply.js';
import type { ReviewRow } from '../store/index.js';
import { GRADE_LABEL, gradeName } from './schedule.js';
import { formatDue } from './stats.js';

export function alreadyGraded(review: ReviewRow, now: number): Reply {
  const grade = GRADE_LABEL[gradeName(review.rating)];
  return {
    title: `You already graded this: ${grade}`,
    summary: `Only your first grade counts. This card comes back for you ${formatDue(review.due, now)}.`,
    visibility: 'private',
    tone: 'info',
    data: { grade: gradeName(review.rating), due: review.due },
  };
}
