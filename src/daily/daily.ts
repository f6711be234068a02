/**
 * The question of the day as a session kind on the shared engine (src/games/session.ts):
 * one running "daily" session per channel; step 0 announces the schedule and waits for the
 * first posting time, each later step is one day's question, open (with a stored deadline:
 * the next posting time) until the next one is posted, then its message shows the results.
 * A restart re-arms the stored deadline; a posting time missed while the bot was down is
 * posted once on recovery (the engine moves the overdue step on, which posts one question
 * whose deadline is the next posting time). Each step's row is inserted once (its primary
 * key), so a day is never posted twice. On PostgreSQL the same stored deadlines become
 * durable jobs (issue 14); on SQLite the engine's in-process timers carry them.
 */
import type { Kysely } from 'kysely';
import {
  phaseOf,
  type SessionIO,
  type SessionKind,
  type SessionRow,
  type StepRow,
} from '../games/session.js';
import { pickQuestions } from '../quiz/pick.js';
import { LETTERS, type Question } from '../quiz/question.js';
import type { QuestionSource, Topic } from '../quiz/topics.js';
import type { Reply } from '../reply.js';
import type { Database } from '../store/schema.js';
import { KindStore } from '../store/kind-store.js';
import { SessionRepo, type SessionRecord, type StepRecord } from '../store/session-repo.js';
import { dailyAnswerAction } from './actions.js';
import { dayKey, describeAt, localTime, nextPostAt } from './clock.js';

export const KIND = 'daily';
/** Steps a daily session may run (about 270 years of days): the engine needs a count. */
const DAYS = 100_000;

export interface DailySettings {
  time: string;
  tz: string;
  topic: Topic | null;
  source: QuestionSource;
  /** Weekday (0 = Sunday) the weekly board is posted, or -1 for none. */
  boardDay: number;
}
export type DailyRow = SessionRow & DailySettings & { created_at: number };
export type DayRow = StepRecord & StepRow;

const toDaily = (s: SessionRecord): DailyRow => ({
  ...s,
  ...(JSON.parse(s.settings) as DailySettings),
  status: s.status as DailyRow['status'],
});

export class DailyStore extends KindStore<DailyRow, DayRow> {
  constructor(readonly db: Kysely<Database>) {
    super(new SessionRepo(db), { kind: KIND, toSession: toDaily, toStep: (st) => st });
  }

  create(d: Omit<DailyRow, 'status' | 'count' | 'current'>): Promise<boolean> {
    const { time, tz, topic, source, boardDay, ...common } = d;
    return this.sessions.create(
      {
        ...common,
        kind: KIND,
        mode: 'channel',
        status: 'running',
        count: DAYS,
        current: 0,
        settings: JSON.stringify({ time, tz, topic, source, boardDay }),
        finished_at: null,
      },
      [],
    );
  }

  /** Insert a step, once: false when it exists (the day was already posted). */
  async insertStep(step: Omit<DayRow, 'message_platform' | 'message_channel' | 'message_id'>) {
    const r = await this.db
      .insertInto('session_steps')
      .values({ ...step, message_platform: null, message_channel: null, message_id: null })
      .onConflict((oc) => oc.columns(['session_id', 'idx']).doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
    await this.db
      .updateTable('sessions')
      .set({ current: step.idx })
      .where('id', '=', step.session_id)
      .execute();
    return true;
  }

  answers(id: string, idx?: number) {
    let q = this.db.selectFrom('answers').selectAll().where('round_id', '=', id);
    if (idx !== undefined) q = q.where('idx', '=', idx);
    return q.execute();
  }
}

interface DayPayload {
  q: Question;
  day: string;
}
const payloadOf = (row: DayRow) => JSON.parse(row.payload) as DayPayload;

export function seedOf(id: string, idx: number): number {
  let h = 2166136261;
  for (const ch of `${id}#${idx}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h & 0x7fffffff;
}

export class DailyKind implements SessionKind<DailyRow, DayRow> {
  constructor(
    readonly store: DailyStore,
    private readonly io: SessionIO,
  ) {}

  phase(row: DayRow) {
    return phaseOf(row.phase, ['open', 'announced'], 'revealed');
  }

  async open(d: DailyRow, idx: number) {
    const now = this.io.now();
    const deadline = nextPostAt(now, d.time, d.tz);
    const local = localTime(now, d.tz);
    if (idx === 0) {
      const ok = await this.store.insertStep({
        session_id: d.id,
        idx,
        item_id: 'announce',
        payload: '{}',
        phase: 'announced',
        posted_at: now,
        deadline_at: deadline,
        revealed_at: null,
      });
      return ok ? { post: announceReply(d, deadline, now), deadline } : undefined;
    }
    const [q] = pickQuestions({
      count: 1,
      source: d.source,
      topic: d.topic ?? undefined,
      seed: seedOf(d.id, idx),
    });
    const payload: DayPayload = { q: q!, day: dayKey(local) };
    const ok = await this.store.insertStep({
      session_id: d.id,
      idx,
      item_id: q!.id,
      payload: JSON.stringify(payload),
      phase: 'open',
      posted_at: now,
      deadline_at: deadline,
      revealed_at: null,
    });
    if (!ok) return undefined;
    if (local.weekday === d.boardDay) await this.io.say(d, await this.board(d, now));
    return { post: questionReply(d, idx, payload, 0), deadline };
  }

  /** The next posting time came: the day's results go on its message; the engine posts the next. */
  async move(d: DailyRow, idx: number): Promise<'done' | undefined> {
    const now = this.io.now();
    if (
      !(await this.store.sessions.move(d.id, idx, ['open', 'announced'], 'revealed', {
        revealed_at: now,
      }))
    )
      return undefined;
    const row = (await this.store.step(d.id, idx))!;
    if (row.item_id !== 'announce')
      await this.io.edit(d, row, resultsReply(payloadOf(row), await this.store.answers(d.id, idx)));
    return 'done';
  }

  async close(d: DailyRow, idx: number): Promise<void> {
    await this.move(d, idx);
  }

  async liveView(d: DailyRow, idx: number): Promise<Reply | undefined> {
    const row = await this.store.step(d.id, idx);
    if (!row || row.phase !== 'open') return undefined;
    return questionReply(d, idx, payloadOf(row), (await this.store.answers(d.id, idx)).length);
  }

  async summary(d: DailyRow): Promise<Reply> {
    return {
      title: 'Question of the day stopped',
      summary: `No more daily questions here (it ran ${d.current} day${d.current === 1 ? '' : 's'}).`,
      visibility: 'public',
      tone: 'info',
    };
  }

  started(d: DailyRow): Reply {
    return {
      title: 'Question of the day scheduled',
      summary: `Every day at ${d.time} (${d.tz}) in <#${d.channel_id}>.`,
      visibility: 'private',
      tone: 'info',
      data: { dailyId: d.id },
    };
  }

  busy(d: DailyRow) {
    return {
      what: `a question of the day here (daily at ${d.time} ${d.tz})`,
      join: 'Use `/daily stop` first to change it.',
      key: 'dailyId',
    };
  }

  /** Right answers over the last seven days, best first. */
  async board(d: DailyRow, now: number): Promise<Reply> {
    const rows = (await this.store.answers(d.id)).filter(
      (a) => a.answered_at > now - 7 * 86_400_000,
    );
    const by = new Map<string, { name: string; right: number; answered: number }>();
    for (const a of rows) {
      const e = by.get(a.user_id) ?? { name: a.user_name, right: 0, answered: 0 };
      e.answered++;
      e.right += a.correct;
      by.set(a.user_id, e);
    }
    const top = [...by.values()]
      .sort((a, b) => b.right - a.right || a.name.localeCompare(b.name))
      .slice(0, 10);
    return {
      title: 'Question of the day: this week',
      summary: top.length
        ? `${top[0]!.name} leads with ${top[0]!.right} right.`
        : 'Nobody answered this week.',
      body: top.map((e, i) => `${i + 1}. **${e.name}** — ${e.right}/${e.answered} right`),
      visibility: 'public',
      tone: 'answer',
    };
  }
}

function announceReply(d: DailyRow, first: number, now: number): Reply {
  return {
    title: 'Question of the day',
    summary: `A question every day at ${d.time} (${d.tz}); the first one ${describeAt(first, now, d.tz)}.`,
    visibility: 'public',
    tone: 'info',
  };
}

function questionReply(d: DailyRow, idx: number, p: DayPayload, answers: number): Reply {
  return {
    title: `Question of the day · ${p.day}`,
    summary: p.q.prompt,
    body: p.q.choices.map((c, i) => `**${LETTERS[i]}.** ${c}`),
    fields: [
      {
        label: 'Answers',
        value: `${answers} answered · open until the next question · your first click counts`,
      },
    ],
    actions: [
      // One button per choice: course questions may have two to six.
      p.q.choices.map((_, i) => ({
        id: dailyAnswerAction.encode({ session: d.id, step: idx, choice: i }),
        label: LETTERS[i]!,
        style: 'primary' as const,
      })),
    ],
    visibility: 'public',
    tone: 'info',
  };
}

function resultsReply(p: DayPayload, answers: { user_name: string; correct: number }[]): Reply {
  const right = answers.filter((a) => a.correct === 1).map((a) => a.user_name);
  return {
    title: `Question of the day · ${p.day} · answer: ${LETTERS[p.q.correct]}`,
    summary: `${p.q.prompt}\n✅ **${LETTERS[p.q.correct]}. ${p.q.choices[p.q.correct]}**`,
    body: [p.q.explanation],
    steps: p.q.steps,
    fields: [
      { label: `Right (${right.length}/${answers.length})`, value: right.join(', ') || '—' },
    ],
    citations: [p.q.source],
    actions: [],
    visibility: 'public',
    tone: 'answer',
  };
}
