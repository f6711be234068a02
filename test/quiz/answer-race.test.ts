/**
 * A typed number (src/quiz/numeric.ts) or a host-round answer change (src/quiz/host.ts)
 * racing a reveal on another instance (issue 14): QuizRepo.changeAnswer stores only while
 * the question is open, so every answer acknowledged is scored by the reveal, and one that
 * comes after it is refused ("Too late") and stores nothing. Instance A answers; instance B
 * reveals with the reveal the rounds use. On PostgreSQL each has its own pool on one schema;
 * on SQLite they share the one store (one process, as SQLite runs).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeAnswer } from '../../src/quiz/host.js';
import { recordNumber } from '../../src/quiz/numeric.js';
import { scorer } from '../../src/quiz/round.js';
import { QuizRepo, type QuestionRow, type RoundRow } from '../../src/store/index.js';
import { openPair, pauseAfter, type Pair } from '../store/race.js';
import { ON_POSTGRES } from '../store/test-store.js';
import { context } from './fakes.js';

const NOW = Date.UTC(2026, 0, 7, 12);
// A made-up number to type (no scaling fact): right within 5 of 100.
const NUMERIC = {
  id: 'n-race',
  prompt: 'Type one hundred, give or take five.',
  choices: [],
  correct: 0,
  numeric: { value: 100, tolerance: 5 },
};
const LETTERS = {
  id: 'l-race',
  prompt: 'Which letter is the second one?',
  choices: ['A', 'B', 'C', 'D'],
  correct: 1,
};

let pair: Pair;
let a: QuizRepo;
let b: QuizRepo;
let hookA: ReturnType<typeof pauseAfter>;
let hookB: ReturnType<typeof pauseAfter>;

beforeEach(async () => {
  pair = await openPair();
  hookA = pauseAfter('SelectQueryNode');
  hookB = pauseAfter('SelectQueryNode');
  a = new QuizRepo(pair.a.db.withPlugin(hookA.plugin));
  b = new QuizRepo(pair.b.db.withPlugin(hookB.plugin));
});
afterEach(() => pair.close());

/** An open one-question round (host-paced: letters; timed: a typed number) as A read it. */
async function openRound(
  id: string,
  host: boolean,
): Promise<{ round: RoundRow; row: QuestionRow }> {
  const round: RoundRow = {
    id,
    platform: 'discord',
    server_id: 'guild1',
    channel_id: `ch-${id}`,
    starter_id: 'ada',
    starter_name: 'Ada',
    mode: 'channel',
    status: 'running',
    seconds: 30,
    count: 1,
    topic: null,
    difficulty: null,
    source: host ? 'bank' : 'course',
    seed: 1,
    host: host ? 1 : 0,
    current: 0,
    created_at: NOW,
    finished_at: null,
  };
  const q = host ? LETTERS : NUMERIC;
  const question: QuestionRow = {
    round_id: id,
    idx: 0,
    question_id: q.id,
    topic: 'budgets',
    difficulty: 'easy',
    correct: q.correct,
    payload: JSON.stringify(q),
    status: 'pending',
    posted_at: null,
    deadline_at: null,
    revealed_at: null,
    message_platform: null,
    message_channel: null,
    message_id: null,
  };
  expect(await a.createRound(round, [question])).toBe(true);
  await a.openQuestion(id, 0, NOW, host ? null : NOW + 30_000);
  return { round, row: (await a.getQuestion(id, 0))! };
}

const typed = (r: { round: RoundRow; row: QuestionRow }, user: string, text: string) =>
  recordNumber(a, NOW + 1000, r.round, r.row, text, context(user));
const reveal = (id: string) => b.reveal(id, 0, NOW + 2000, scorer);

describe('an answer racing a reveal on another instance', () => {
  it('holds a reveal that comes between the check and the write, then scores the answer', async () => {
    const r = await openRound('t1', false);
    let revealing: ReturnType<typeof reveal> | undefined;
    let closing: string | undefined;
    // A has found the question open; B reveals before A has written the number.
    hookA.arm('session_steps', async () => {
      revealing = reveal('t1');
      closing = await pair.doneOrBlocked(revealing, 'b');
    });
    const result = await typed(r, 'ben', '101');
    expect(hookA.ran).toBe(1);
    expect(closing).toBe(ON_POSTGRES ? 'blocked' : 'queued');
    expect(result.stored).toBe(true);
    const revealed = (await revealing!)!;
    expect(revealed.answers.map((x) => [x.user_id, x.value, x.correct])).toEqual([['ben', 101, 1]]);
    expect(revealed.answers[0]!.points).toBeGreaterThan(0);
    expect((await a.answersTo('t1', 0))[0]!.points).toBe(revealed.answers[0]!.points);
  });

  it.skipIf(!ON_POSTGRES)(
    'refuses a host-round answer that comes while the reveal is written',
    async () => {
      const r = await openRound('h1', true);
      let answering: ReturnType<typeof changeAnswer> | undefined;
      let waited: string | undefined;
      // B's reveal has closed the question and read its answers, not yet committed.
      hookB.arm('answers', async () => {
        answering = changeAnswer(a, NOW + 1000, r.round, r.row, 1, context('ben'));
        waited = await pair.doneOrBlocked(answering, 'a');
      });
      const revealed = (await reveal('h1'))!;
      expect(hookB.ran).toBe(1);
      expect(waited).toBe('blocked');
      const result = await answering!;
      expect(result.stored).toBe(false);
      expect(result.reply.title).toBe('Too late');
      expect(revealed.answers).toEqual([]);
      expect(await a.answersTo('h1', 0)).toEqual([]);
    },
  );

  it('scores every acknowledged answer exactly once when many race a reveal', async () => {
    const rounds = 12;
    const members = 16;
    const gap = ON_POSTGRES ? 3 : 0; // ms between answers, so that several are in flight
    let acknowledged = 0;
    let refused = 0;
    let lost = 0;
    let mixed = 0;
    let raced = 0;
    let total = 0;
    const wrong: object[] = [];
    for (let n = 0; n < rounds; n++) {
      const host = n % 2 === 1; // typed numbers and host-round letters in turn
      const r = await openRound(`burst${n}`, host);
      const users: string[] = [];
      // Answers `gap` ms apart (several in flight); B's reveal after `at` (1 to 15)...
      const at = 1 + (n % (members - 1));
      const spans: [number, number][] = [];
      const closed: [number, number] = [0, Infinity];
      const results: Promise<{ stored: boolean }>[] = [];
      let revealing: ReturnType<typeof reveal> | undefined;
      // ...and on until the reveal is over, so that some come after it.
      for (let i = 0; i < members || closed[1] === Infinity; i++) {
        const u = `m${n}x${i}`;
        users[i] = u;
        if (i === at) {
          closed[0] = performance.now();
          revealing = reveal(r.round.id).finally(() => (closed[1] = performance.now()));
        }
        const span: [number, number] = [performance.now(), Infinity];
        spans.push(span);
        const answer = host
          ? changeAnswer(a, NOW + 1000, r.round, r.row, i % 4, context(u))
          : typed(r, u, String(95 + (i % 10)));
        results.push(answer.finally(() => (span[1] = performance.now())));
        await new Promise((done) => (gap ? setTimeout(done, gap) : setImmediate(done)));
      }
      const stored = (await Promise.all(results)).map((x) => x.stored);
      const revealed = (await revealing!)!;
      // Answers in flight while the reveal ran: the races this round exercised.
      raced += spans.filter((s) => s[0] < closed[1] && s[1] > closed[0]).length;
      const ok = users.filter((_, i) => stored[i]).sort();
      const scored = revealed.answers.map((x) => x.user_id).sort();
      const kept = await a.answersTo(r.round.id, 0);
      lost += ok.filter((u) => !scored.includes(u)).length;
      acknowledged += ok.length;
      refused += users.length - ok.length;
      total += users.length;
      if (ok.length > 0 && ok.length < users.length) mixed++;
      const unscored = kept.filter((x) => x.points === null).length;
      if (scored.join() !== ok.join() || kept.length !== ok.length || unscored > 0)
        wrong.push({
          round: r.round.id,
          acknowledged: ok.length,
          scored: scored.length,
          kept: kept.length,
          unscored,
        });
    }
    console.log(
      `answer race (${ON_POSTGRES ? 'PostgreSQL' : 'SQLite'}): ${total} answers in ${rounds} rounds racing a reveal, ${mixed} rounds revealed mid-burst, ${raced} answers in flight during a reveal; ${acknowledged} stored, ${refused} refused "Too late", ${lost} lost`,
    );
    expect(wrong).toEqual([]);
    expect(raced).toBeGreaterThan(0); // the reveal really ran while some were in flight
  });
});
