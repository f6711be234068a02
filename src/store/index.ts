/** The store: SQLite through Kysely, with the quiz and flashcard queries on top. */
export {
  openStore,
  parseDatabaseUrl,
  DEFAULT_DATABASE_PATH,
  StoreError,
  type Store,
  type OpenOptions,
} from './open.js';
export {
  SqliteFile,
  StoreUnavailableError,
  probeWritable,
  type Journal,
  type WritableKind,
  type WritableProbe,
} from './sqlite-file.js';
export { QuizRepo, isUniqueViolation } from './quiz-repo.js';
export type { AnswerRow, BoardRow, QuestionRow, RoundRow, TopicRow, Scorer } from './quiz-repo.js';
export { FlashcardRepo } from './flashcards-repo.js';
export type {
  CardStateRow,
  DrillCardRow,
  DrillRow,
  GradeKey,
  GradeOutcome,
  ReviewRow,
  ReviewTotals,
} from './flashcards-repo.js';
export { migrate, MIGRATIONS, LATEST_VERSION } from './migrations.js';
export { SessionRepo, type SessionRecord, type StepRecord } from './session-repo.js';
export { SettingsRepo, type MemberPrefs, type ServerRemoval } from './settings-repo.js';
export type * from './schema.js';
export {
  CourseRepo,
  courseItemKey,
  COURSE_PREFIX,
  type CourseDeckRow,
  type CourseItemRow,
  type MemberResult,
  type Period,
  type ReplaceResult,
} from './course-repo.js';
export { SavedFitsRepo, type SavedFitRow } from './saved-fits-repo.js';
