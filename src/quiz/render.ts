/** The quiz's replies: questions, reveals, summaries, leaderboards and stats. */
import type { Action, Reply } from '../reply.js';
import type { AnswerRow, BoardRow, TopicRow } from '../store/index.js';
import { LETTERS, type Question } from './question.js';
import { SCORING_TEXT } from './scoring.js';
import { TOPICS, type Topic } from './topics.js';
import { NOTATIONS, showNumber } from './numeric.js';
import {
  answerAction,
  numberAction,
  boardAction,
  boardRevealAction,
  revealAction,
  soloAnswerAction,
  soloStopAction,
  stopAction,
} from './actions.js';

export type Scope = 'channel' | 'server';
export type Period = 'week' | 'all';

const at = (roundId: string, idx: number) => ({ session: roundId, step: idx });

const topicName = (topic: string): string => TOPICS[topic as Topic] ?? topic;
const MAX_NAMES = 25;

function listNames(names: string[]): string {
  if (names.length === 0) return 'nobody';
  const shown = names.slice(0, MAX_NAMES).join(', ');
  return names.length > MAX_NAMES ? `${shown} and ${names.length - MAX_NAMES} more` : shown;
}

export interface QuestionView {
  roundId: string;
  idx: number;
  count: number;
  question: Question;
  seconds?: number;
  answers?: number;
  solo?: boolean;
  /** A host-paced round: no timer, no reveal buttons (the host's panel has them). */
  host?: boolean;
}

export function questionReply(v: QuestionView): Reply {
  const q = v.question;
  const answerRow: Action[] = q.numeric
    ? [
        {
          id: numberAction.encode(at(v.roundId, v.idx)),
          label: 'Answer with a number',
          style: 'primary',
        },
      ]
    : LETTERS.slice(0, q.choices.length).map((letter, i) => ({
        id: (v.solo ? soloAnswerAction : answerAction).encode({
          ...at(v.roundId, v.idx),
          choice: i,
        }),
        label: letter,
        style: 'primary',
      }));
  const controls: Action[] = v.host
    ? []
    : v.solo
      ? [{ id: soloStopAction.encode(at(v.roundId, v.idx)), label: 'Stop', style: 'secondary' }]
      : [
          {
            id: revealAction.encode(at(v.roundId, v.idx)),
            label: 'Reveal (starter)',
            style: 'secondary',
          },
          { id: stopAction.encode(at(v.roundId, v.idx)), label: 'Stop (starter)', style: 'danger' },
        ];
  const status = v.solo
    ? 'Practice: only you see this.'
    : v.host
      ? `${v.answers ?? 0} answered · the host reveals · you can change your answer until then; your last answer counts`
      : q.numeric
        ? `${v.answers ?? 0} answered · ${v.seconds ?? 30} s to answer · you may type again; your last number counts`
        : `${v.answers ?? 0} answered · ${v.seconds ?? 30} s to answer · your first click counts`;
  return {
    title: `Quiz ${v.idx + 1}/${v.count} · ${topicName(q.topic)} · ${q.difficulty}`,
    summary: q.prompt,
    body: q.numeric
      ? [`Type your answer as a number: ${NOTATIONS}.`]
      : q.choices.map((c, i) => `**${LETTERS[i]}.** ${c}`),
    fields: [{ label: 'Answers', value: status }],
    actions: controls.length ? [answerRow, controls] : [answerRow],
    visibility: v.solo ? 'private' : 'public',
    tone: 'info',
  };
}

export interface RevealView extends QuestionView {
  answersList: AnswerRow[];
  early?: boolean;
  /** Seconds until the next question (the reveal pause). */
  next?: number;
}

export function revealReply(v: RevealView): Reply {
  const q = v.question;
  if (q.numeric) return numericReveal(v, q.numeric);
  const total = v.answersList.length;
  const counts = q.choices.map((_, i) => v.answersList.filter((a) => a.choice === i).length);
  const distribution = q.choices.map((c, i) => {
    const n = counts[i]!;
    const pct = total > 0 ? Math.round((100 * n) / total) : 0;
    const mark = i === q.correct ? ' ✅' : '';
    return `**${LETTERS[i]}.** ${c} — ${n} (${pct}%)${mark}`;
  });
  const right = v.answersList.filter((a) => a.correct === 1);
  const reply: Reply = {
    title: `Quiz ${v.idx + 1}/${v.count} · answer: ${LETTERS[q.correct]}`,
    summary: `${q.prompt}\n✅ **${LETTERS[q.correct]}. ${q.choices[q.correct]}**`,
    body: [...distribution, q.explanation],
    steps: q.steps,
    fields: v.solo
      ? []
      : [
          {
            label: `Right (${right.length}/${total})`,
            value: listNames(right.map((a) => `${a.user_name} +${a.points ?? 0}`)),
          },
        ],
    citations: [q.source],
    notes: revealNotes(v),
    // An empty list removes the answer buttons from the edited message.
    actions: [],
    visibility: v.solo ? 'private' : 'public',
    tone: 'answer',
  };
  return reply;
}

/** A numeric question's reveal: the value, its tolerance, how many typed a number within it. */
function numericReveal(v: RevealView, answer: NonNullable<Question['numeric']>): Reply {
  const q = v.question;
  const total = v.answersList.length;
  // As scored when stored (src/quiz/numeric.ts withinTolerance).
  const within = v.answersList.filter((a) => a.correct === 1);
  const shown = `${showNumber(answer.value)} (± ${showNumber(answer.tolerance)})`;
  const pct = total > 0 ? Math.round((100 * within.length) / total) : 0;
  return {
    title: `Quiz ${v.idx + 1}/${v.count} · answer: ${showNumber(answer.value)}`,
    summary: `${q.prompt}\n✅ **${shown}**`,
    body: [
      `${within.length} of ${total} typed a number within ± ${showNumber(answer.tolerance)} (${pct}%).`,
      ...(q.explanation ? [q.explanation] : []),
    ],
    steps: q.steps,
    fields: v.solo
      ? []
      : [
          {
            label: `Right (${within.length}/${total})`,
            value: listNames(within.map((a) => `${a.user_name} +${a.points ?? 0}`)),
          },
        ],
    citations: [q.source],
    notes: revealNotes(v),
    actions: [],
    visibility: v.solo ? 'private' : 'public',
    tone: 'answer',
  };
}

/** Who won, honest about ties and about rounds where nobody scored. */
function winnerLine(top: BoardRow[], solo: boolean): string {
  if (top.length === 0) return 'Nobody answered this round.';
  const best = top[0]!.points;
  if (best === 0)
    return 'Nobody scored this round: the explanations above show where it went wrong.';
  if (solo) return `You scored ${best} points.`;
  const winners = top.filter((r) => r.points === best).map((r) => r.userName);
  return winners.length === 1
    ? `🏆 ${winners[0]} wins with ${best} points.`
    : `🏆 A tie at ${best} points: ${winners.join(', ')}.`;
}

export function summaryReply(opts: {
  scores: BoardRow[];
  count: number;
  stopped: boolean;
  weekly: BoardRow[];
  solo?: boolean;
}): Reply {
  const top = opts.scores.slice(0, 10);
  const lines = top.map(
    (r, i) => `${i + 1}. **${r.userName}** — ${r.points} pts (${r.correct}/${opts.count} right)`,
  );
  const reply: Reply = {
    title: opts.stopped ? 'Quiz stopped' : 'Quiz over',
    summary: winnerLine(top, opts.solo === true),
    body: lines.length ? lines : undefined,
    notes: [SCORING_TEXT],
    visibility: opts.solo ? 'private' : 'public',
    actions: [],
    tone: 'answer',
  };
  if (!opts.solo && opts.weekly.length > 0) {
    reply.fields = [
      { label: 'This week in this channel', value: boardLines(opts.weekly.slice(0, 5)) },
    ];
  }
  if (!opts.solo && top.length > 0) {
    reply.chart = {
      kind: 'scores',
      title: opts.stopped ? 'Quiz scores (stopped early)' : 'Quiz scores',
      entries: top.map((r) => ({ label: r.userName, value: r.points })),
    };
  }
  return reply;
}

const boardLines = (rows: BoardRow[]): string =>
  rows.map((r, i) => `${i + 1}. ${r.userName} — ${r.points} pts`).join('\n');

export function leaderboardReply(
  rows: BoardRow[],
  scope: Scope,
  period: Period,
  view: { anonymous?: boolean; revealed?: boolean; mode?: string } = {},
): Reply {
  const where = scope === 'channel' ? 'this channel' : 'this server';
  const when = period === 'week' ? 'this week' : 'all time';
  const switches: Action[] = (['channel', 'server'] as const).flatMap((s) =>
    (['week', 'all'] as const).map((p) => ({
      id: boardAction.encode({ scope: s, period: p }),
      label: `${s === 'channel' ? 'Channel' : 'Server'} · ${p === 'week' ? 'week' : 'all time'}`,
      style: s === scope && p === period ? ('primary' as const) : ('secondary' as const),
    })),
  );
  const reply: Reply = {
    title: `Quiz leaderboard · ${where} · ${when}`,
    summary:
      rows.length > 0
        ? `${rows[0]!.userName} leads with ${rows[0]!.points} points.`
        : `No quiz answers ${when} in ${where} yet. Start a round with /quiz.`,
    body: rows.length
      ? rows.map(
          (r, i) =>
            `${i + 1}. **${r.userName}** — ${r.points} pts · ${r.correct}/${r.answered} right`,
        )
      : undefined,
    notes: [
      period === 'week' ? `Weeks start Monday 00:00 UTC. ${SCORING_TEXT}` : SCORING_TEXT,
      ...(view.mode === 'opt-in'
        ? ['Only members who chose `/quiz leaderboard show` are listed.']
        : ['Leave the board with `/quiz leaderboard hide`; pick a name with `/privacy nickname`.']),
      ...(view.revealed ? ['Names revealed to you only (staff).'] : []),
    ],
    actions: view.anonymous
      ? [
          switches,
          [
            {
              id: boardRevealAction.encode({ scope, period }),
              label: 'Reveal names (staff)',
              style: 'secondary' as const,
            },
          ],
        ]
      : [switches],
    visibility: 'private',
    tone: 'info',
  };
  if (rows.length > 0) {
    reply.chart = {
      kind: 'scores',
      title: `Quiz points · ${where} · ${when}`,
      entries: rows.map((r) => ({ label: r.userName, value: r.points })),
    };
  }
  return reply;
}

export function statsReply(name: string, rows: TopicRow[]): Reply {
  const answered = rows.reduce((s, r) => s + r.answered, 0);
  if (answered === 0) {
    return {
      title: `Quiz stats for ${name}`,
      summary: 'No answers yet. Try /quiz solo for a private practice round.',
      visibility: 'private',
      tone: 'info',
    };
  }
  const correct = rows.reduce((s, r) => s + r.correct, 0);
  const pct = (r: { correct: number; answered: number }) =>
    Math.round((100 * r.correct) / r.answered);
  // Topics with a few answers say more than one lucky or unlucky click.
  const candidates =
    rows.filter((r) => r.answered >= 3).length > 0 ? rows.filter((r) => r.answered >= 3) : rows;
  const weakest = [...candidates].sort(
    (a, b) => a.correct / a.answered - b.correct / b.answered || b.answered - a.answered,
  )[0]!;
  return {
    title: `Quiz stats for ${name}`,
    summary: `${correct}/${answered} right (${pct({ correct, answered })}%). Weakest topic: ${topicName(weakest.topic)} (${pct(weakest)}%).`,
    fields: rows.map((r) => ({
      label: topicName(r.topic),
      value: `${r.correct}/${r.answered} right (${pct(r)}%)`,
      inline: true,
    })),
    notes: [`Practise it privately: \`/quiz solo topic:${weakest.topic}\``],
    visibility: 'private',
    tone: 'info',
    data: { answered, correct, weakest: weakest.topic, topics: rows },
  };
}

function revealNotes(v: RevealView): string[] | undefined {
  const notes = v.early ? ['Revealed before the time was up.'] : [];
  if (v.next) notes.push(`Next question in ${v.next} s — time to read the explanation.`);
  return notes.length ? notes : undefined;
}
