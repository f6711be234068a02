/**
 * Drill your misses: a question a member answers wrong in a quiz becomes a card in their own
 * FSRS schedule, graded Again; a right answer on a card already there counts as Good. Bank
 * questions become a card each; a generated problem becomes a card for its generator, shown
 * with fresh numbers every time (a new seed), so members practise the method, not the answer.
 */
import { logger } from '../logger.js';
import { loadBank } from '../quiz/bank.js';
import { GENERATORS } from '../quiz/generate/index.js';
import { LETTERS, type Question } from '../quiz/question.js';
import type { AnswerRow, FlashcardRepo, QuestionRow, RoundRow } from '../store/index.js';
import type { Card } from './deck.js';
import { retentionFor } from './drill.js';
import { gradeRows } from './schedule.js';

export const QUIZ_CARD = 'quiz:';
export const isQuizCard = (id: string): boolean => id.startsWith(QUIZ_CARD);
export const QUIZ_CARD_NOTE = 'From your quizzes: a question you missed.';

/** Generated ids read `gen:<label>:<seed>`; the label names the generator. */
const generatorByLabel = new Map(
  GENERATORS.map((g) => [g.make(1).question.id.split(':')[1]!, g] as const),
);

export function quizCardId(q: Question): string {
  const [head, label] = q.id.split(':');
  if (head === 'gen' && label && generatorByLabel.has(label)) return `${QUIZ_CARD}gen:${label}`;
  return `${QUIZ_CARD}${q.id}`;
}

let bank: Map<string, Question> | undefined;
const bankQuestion = (id: string) => {
  bank ??= new Map(loadBank().map((q) => [q.id, q]));
  return bank.get(id);
};

/** The card for a quiz card id; `seed` draws a generated problem's numbers. */
export function quizCard(id: string, seed: number): Card | undefined {
  const rest = id.slice(QUIZ_CARD.length);
  const generator = rest.startsWith('gen:') ? generatorByLabel.get(rest.slice(4)) : undefined;
  const q = generator ? generator.make(seed).question : bankQuestion(rest);
  if (!q) return undefined;
  const steps = (q.steps ?? []).map((s) =>
    [s.title, s.formula, s.substitution, s.result].filter(Boolean).join(': '),
  );
  return {
    id,
    front: `${q.prompt}\n${q.choices.map((c, i) => `${LETTERS[i]}. ${c}`).join('\n')}`,
    back: [`**${LETTERS[q.correct]}. ${q.choices[q.correct]}**`, ...steps, q.explanation].join(
      '\n',
    ),
    tags: [q.topic],
    source: q.source,
  };
}

/** A seed for a review step: the same on its front and back, different for every review. */
export function stepSeed(drillId: string, idx: number): number {
  let h = 2166136261;
  for (const ch of `${drillId}:${idx}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h & 0x7fffffff;
}

/** Grades quiz answers into the members' schedules when a question is revealed. */
export class QuizMisses {
  constructor(
    private readonly repo: FlashcardRepo,
    private readonly now: () => number,
  ) {}

  async revealed(round: RoundRow, question: QuestionRow, answers: AnswerRow[]): Promise<void> {
    const cardId = quizCardId(JSON.parse(question.payload) as Question);
    for (const a of answers) {
      try {
        if (!(await this.repo.study.quizCardsOn(round.platform, a.user_id))) continue;
        const known = await this.repo.getState(round.platform, a.user_id, cardId);
        if (a.correct === 1 && !known) continue; // only misses enter the schedule
        const now = this.now();
        const who = {
          drillId: round.id,
          idx: question.idx,
          platform: round.platform,
          userId: a.user_id,
          userName: a.user_name,
          cardId,
          serverId: round.server_id,
          channelId: round.channel_id,
          mode: 'quiz' as const,
        };
        const grade = a.correct === 1 ? 'good' : 'again';
        const retention = await retentionFor(this.repo, round.platform, round.server_id);
        await this.repo.recordGrade(who, (previous) =>
          gradeRows(previous, grade, now, retention, who),
        );
      } catch (error) {
        // A schedule that could not be written must not stop the round.
        logger.warn({ err: error, round: round.id }, 'quiz: could not schedule a quiz card');
      }
    }
  }
}
