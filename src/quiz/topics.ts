/** The quiz's own choices; the topics are the course's (src/course/topics.ts). */
export { TOPICS, TOPIC_IDS, type Topic } from '../course/topics.js';

export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/** `course`: this server's own questions (`/course import`). */
export const SOURCES = ['mixed', 'bank', 'generated', 'course'] as const;
export type QuestionSource = (typeof SOURCES)[number];
