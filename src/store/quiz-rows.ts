/**
 * How quiz rounds and their questions are kept in the shared sessions tables: a round's
 * own columns go in the session's settings, a question's in its step's payload.
 */
import type { Selectable } from 'kysely';
import type { KindRows } from './kind-store.js';
import type { QuestionStatus, QuestionsTable, RoundMode, RoundsTable } from './schema.js';
import type { SessionRecord, StepRecord } from './session-repo.js';

/** `host` 1: a host-paced round (no timers; the starter's panel moves it on). */
export type RoundRow = Selectable<RoundsTable> & { host?: number };
/** `hold_until`: the end of the reveal pause (session_steps, migration 72), apart from `deadline_at`. */
export type QuestionRow = Selectable<QuestionsTable> & { hold_until?: number | null };

export const KIND = 'quiz';

interface RoundSettings {
  seconds: number;
  topic: string | null;
  difficulty: string | null;
  source: string;
  seed: number;
  host?: boolean;
}

export function toRound(s: SessionRecord): RoundRow {
  const o = JSON.parse(s.settings) as RoundSettings;
  const { kind: _kind, settings: _settings, ...common } = s;
  return {
    ...common,
    mode: s.mode as RoundMode,
    seconds: o.seconds,
    topic: o.topic ?? null,
    difficulty: o.difficulty ?? null,
    source: o.source,
    seed: o.seed,
    host: o.host === true ? 1 : 0,
  };
}

export function fromRound(r: RoundRow): SessionRecord {
  const { seconds, topic, difficulty, source, seed, host, ...common } = r;
  return {
    ...common,
    kind: KIND,
    settings: JSON.stringify({ seconds, topic, difficulty, source, seed, host: host === 1 }),
  };
}

/** A question step's payload: the question's JSON, and the columns answers are scored by. */
interface QuestionPayload {
  q: string;
  topic: string;
  difficulty: string;
  correct: number;
}

export function toQuestion(st: StepRecord): QuestionRow {
  const p = JSON.parse(st.payload) as QuestionPayload;
  const { session_id, item_id, phase, payload: _payload, ...common } = st;
  return {
    ...common,
    round_id: session_id,
    question_id: item_id,
    topic: p.topic,
    difficulty: p.difficulty,
    correct: p.correct,
    payload: p.q,
    status: phase as QuestionStatus,
  };
}

export function fromQuestion(q: QuestionRow): StepRecord {
  const { round_id, question_id, topic, difficulty, correct, payload, status, ...common } = q;
  const wrapped: QuestionPayload = { q: payload, topic, difficulty, correct };
  return {
    ...common,
    session_id: round_id,
    item_id: question_id,
    payload: JSON.stringify(wrapped),
    phase: status,
  };
}

export const quizRows: KindRows<RoundRow, QuestionRow> = {
  kind: KIND,
  toSession: toRound,
  toStep: toQuestion,
};
