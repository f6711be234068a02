/** The flashcards' replies: card fronts and backs, summaries, stats and settings. */
import type { Action, Reply } from '../reply.js';
import type { ReviewRow } from '../store/index.js';
import { tagName, type Card } from './deck.js';
import { GRADE_LABEL, GRADE_NAMES, gradeName, type GradeName } from './schedule.js';
import { formatDue, type FlashcardStats } from './stats.js';
import {
  gradeAction,
  nextAction,
  reviewGradeAction,
  reviewRevealAction,
  reviewStopAction,
  revealAction,
  stopAction,
} from './actions.js';

const at = (drillId: string, idx: number) => ({ session: drillId, step: idx });

const MAX_NAMES = 25;
const GRADE_STYLE: Record<GradeName, Action['style']> = {
  again: 'danger',
  hard: 'secondary',
  good: 'success',
  easy: 'primary',
};

function listNames(names: string[]): string {
  if (names.length === 0) return 'nobody';
  const shown = names.slice(0, MAX_NAMES).join(', ');
  return names.length > MAX_NAMES ? `${shown} and ${names.length - MAX_NAMES} more` : shown;
}

const short = (text: string, n = 70) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

export interface CardView {
  drillId: string;
  idx: number;
  count: number;
  card: Card;
  /** The drill's topic, when it has one: the card's title names it. */
  tag?: string | null;
}

const titleOf = (v: CardView, what = 'Flashcard') =>
  `${what} ${v.idx + 1}/${v.count} · ${tagName(v.tag ?? v.card.tags[0]!)}`;

// --- channel drills ------------------------------------------------------------------------

export function frontReply(v: CardView & { seconds: number }): Reply {
  return {
    title: titleOf(v),
    summary: v.card.front,
    fields: [
      {
        label: 'Recall',
        value: `Think of the answer. It shows itself in ${v.seconds} s, or when the starter reveals it; then grade yourself.`,
      },
    ],
    actions: [
      [
        {
          id: revealAction.encode(at(v.drillId, v.idx)),
          label: 'Reveal (starter)',
          style: 'primary',
        },
        { id: stopAction.encode(at(v.drillId, v.idx)), label: 'Stop (starter)', style: 'danger' },
      ],
    ],
    visibility: 'public',
    tone: 'info',
  };
}

const gradeRow = (
  drillId: string,
  idx: number,
  labels?: Record<GradeName, string>,
  review = false,
): Action[] =>
  GRADE_NAMES.map((g) => ({
    id: (review ? reviewGradeAction : gradeAction).encode({ ...at(drillId, idx), grade: g }),
    label: labels?.[g] ?? GRADE_LABEL[g],
    style: GRADE_STYLE[g],
  }));

export function revealedReply(v: CardView & { gradeSeconds: number; graded: number }): Reply {
  return {
    title: titleOf(v),
    summary: v.card.front,
    body: [`**Answer.** ${v.card.back}`],
    fields: [
      {
        label: 'Grade yourself',
        value: `${v.graded} graded · Again = forgot, Hard = barely, Good = recalled, Easy = instantly. Your grade sets when you see this card again. Next card in ${v.gradeSeconds} s or when the starter moves on.`,
      },
    ],
    citations: [v.card.source],
    actions: [
      gradeRow(v.drillId, v.idx),
      [
        {
          id: nextAction.encode(at(v.drillId, v.idx)),
          label: 'Next (starter)',
          style: 'secondary',
        },
        { id: stopAction.encode(at(v.drillId, v.idx)), label: 'Stop (starter)', style: 'danger' },
      ],
    ],
    visibility: 'public',
    tone: 'answer',
  };
}

const gradeTally = (reviews: ReviewRow[]): string => {
  if (reviews.length === 0) return 'no grades';
  return GRADE_NAMES.map(
    (g) => [g, reviews.filter((r) => gradeName(r.rating) === g).length] as const,
  )
    .filter(([, n]) => n > 0)
    .map(([g, n]) => `${GRADE_LABEL[g]} ${n}`)
    .join(' · ');
};

/** The card after grading closed: the answer stays, the buttons go. */
export function doneReply(v: CardView & { reviews: ReviewRow[] }): Reply {
  return {
    title: titleOf(v),
    summary: v.card.front,
    body: [`**Answer.** ${v.card.back}`],
    fields: [
      {
        label: `Graded (${v.reviews.length})`,
        value: listNames(
          v.reviews.map((r) => `${r.user_name} (${GRADE_LABEL[gradeName(r.rating)]})`),
        ),
      },
    ],
    citations: [v.card.source],
    actions: [],
    visibility: 'public',
    tone: 'answer',
  };
}

export function drillSummaryReply(opts: {
  cards: { card: Card; idx: number; shown: boolean }[];
  reviews: ReviewRow[];
  stopped: boolean;
  now: number;
}): Reply {
  const seen = opts.cards.filter((c) => c.shown);
  const people = [...new Map(opts.reviews.map((r) => [r.user_id, r.user_name])).values()];
  const body = seen.map(({ card, idx }) => {
    const rs = opts.reviews.filter((r) => r.idx === idx);
    const back = rs.length
      ? rs
          .map(
            (r) =>
              `${r.user_name}: ${GRADE_LABEL[gradeName(r.rating)]}, due ${formatDue(r.due, opts.now)}`,
          )
          .join(' · ')
      : 'nobody graded it';
    return `${idx + 1}. **${short(card.front)}** — ${back}`;
  });
  return {
    title: opts.stopped ? 'Flashcard drill stopped' : 'Flashcard drill over',
    summary: `${seen.length} card${seen.length === 1 ? '' : 's'} seen, ${opts.reviews.length} grade${opts.reviews.length === 1 ? '' : 's'} from ${people.length} ${people.length === 1 ? 'person' : 'people'}.`,
    body: body.length ? body : undefined,
    fields: [
      { label: 'Grades', value: gradeTally(opts.reviews), inline: true },
      { label: 'Took part', value: listNames(people), inline: true },
    ],
    notes: [
      'Each grade updates only your own schedule. Review what is due with `/flashcards review`; see your numbers with `/flashcards stats`.',
    ],
    actions: [],
    visibility: 'public',
    tone: 'answer',
  };
}

// --- private review ------------------------------------------------------------------------

export function reviewFrontReply(v: CardView & { isNew: boolean }): Reply {
  return {
    title: titleOf(v, 'Review'),
    summary: v.card.front,
    fields: [
      {
        label: v.isNew ? 'New card' : 'Due',
        value: 'Recall the answer, then reveal it and grade yourself honestly.',
      },
    ],
    actions: [
      [
        { id: reviewRevealAction.encode(at(v.drillId, v.idx)), label: 'Reveal', style: 'primary' },
        { id: reviewStopAction.encode(at(v.drillId, v.idx)), label: 'Stop', style: 'secondary' },
      ],
    ],
    visibility: 'private',
    tone: 'info',
  };
}

export function reviewBackReply(
  v: CardView & { preview: Record<GradeName, number>; now: number; note?: string },
): Reply {
  const labels = {} as Record<GradeName, string>;
  for (const g of GRADE_NAMES) {
    labels[g] = `${GRADE_LABEL[g]} · ${formatDue(v.preview[g], v.now)
      .replace(/^in /, '')
      .replace(/ \(.*\)$/, '')}`;
  }
  return {
    title: titleOf(v, 'Review'),
    summary: v.card.front,
    body: [`**Answer.** ${v.card.back}`],
    fields: [
      {
        label: 'Grade yourself',
        value: 'Each button shows when the card would come back.',
      },
    ],
    citations: [v.card.source],
    notes: v.note ? [v.note] : undefined,
    actions: [
      gradeRow(v.drillId, v.idx, labels, true),
      [{ id: reviewStopAction.encode(at(v.drillId, v.idx)), label: 'Stop', style: 'secondary' }],
    ],
    visibility: 'private',
    tone: 'answer',
  };
}

export function reviewSummaryReply(opts: {
  reviews: ReviewRow[];
  stopped: boolean;
  now: number;
  nextDue?: number;
}): Reply {
  const body = opts.reviews.map(
    (r) => `${r.idx + 1}. ${GRADE_LABEL[gradeName(r.rating)]}, due ${formatDue(r.due, opts.now)}`,
  );
  return {
    title: opts.stopped ? 'Review stopped' : 'Review done',
    summary: `${opts.reviews.length} card${opts.reviews.length === 1 ? '' : 's'} reviewed (${gradeTally(opts.reviews)}).`,
    body: body.length ? body : undefined,
    notes: [
      opts.nextDue === undefined
        ? 'Nothing else is scheduled yet.'
        : `Your next card is due ${formatDue(opts.nextDue, opts.now)}.`,
    ],
    actions: [],
    visibility: 'private',
    tone: 'info',
  };
}

export function nothingDueReply(opts: { nextDue?: number; now: number; tag?: string }): Reply {
  const where = opts.tag ? ` on ${tagName(opts.tag)}` : '';
  return {
    title: 'Nothing to review',
    summary:
      opts.nextDue === undefined
        ? `You have no cards${where} due and no new ones left. Well done.`
        : `Nothing${where} is due. Your next card comes back ${formatDue(opts.nextDue, opts.now)}.`,
    notes: ['Start a channel drill with `/flashcards` to meet new cards with classmates.'],
    visibility: 'private',
    tone: 'info',
  };
}

// --- stats and settings --------------------------------------------------------------------

const pct = (x: number) => `${Math.round(100 * x)}%`;

export function statsReply(name: string, s: FlashcardStats, retentionTarget: number): Reply {
  if (s.learned === 0 && s.reviews === 0) {
    return {
      title: `Flashcard stats for ${name}`,
      summary: `No flashcards yet: ${s.deckSize} cards are waiting. Join a drill with \`/flashcards\` or start alone with \`/flashcards review\`.`,
      visibility: 'private',
      tone: 'info',
      data: s,
    };
  }
  const reply: Reply = {
    title: `Flashcard stats for ${name}`,
    summary: `${s.dueNow} due now, ${s.dueWeek} due this week. ${s.streak > 0 ? `🔥 ${s.streak}-day streak.` : 'No streak running: review today to start one.'}`,
    fields: [
      { label: 'Due now', value: String(s.dueNow), inline: true },
      { label: 'Due this week', value: String(s.dueWeek), inline: true },
      { label: 'Reviews done', value: String(s.reviews), inline: true },
      {
        label: 'Retention',
        value:
          s.retention === undefined
            ? '—'
            : `${pct(s.retention)} not graded Again (target ${pct(retentionTarget)})`,
        inline: true,
      },
      { label: 'Streak', value: `${s.streak} day${s.streak === 1 ? '' : 's'}`, inline: true },
      { label: 'Cards met', value: `${s.learned}/${s.deckSize}`, inline: true },
    ],
    notes: ['Days are UTC days. Review what is due with `/flashcards review`.'],
    visibility: 'private',
    tone: 'info',
    data: s,
  };
  if (s.learned > 0) {
    reply.chart = {
      kind: 'due-forecast',
      title: `Cards due, next ${s.forecast.length} days`,
      days: s.forecast,
    };
  }
  return reply;
}

export function settingsReply(opts: {
  retention: number;
  isDefault: boolean;
  changed?: boolean;
}): Reply {
  return {
    title: 'Flashcard settings',
    summary: opts.changed
      ? `Desired retention for this server is now ${opts.retention}.`
      : `Desired retention here: ${opts.retention}${opts.isDefault ? ' (the default)' : ''}.`,
    body: [
      'Desired retention is the chance of still remembering a card when it comes back. Higher means more frequent reviews; lower means fewer reviews and more forgetting.',
    ],
    notes: [
      opts.changed
        ? 'New grades are scheduled with it; cards already scheduled keep their dates until their next review.'
        : 'A moderator can change it, e.g. `/flashcards settings retention:0.85`.',
    ],
    visibility: 'private',
    tone: 'info',
    data: { retention: opts.retention },
  };
}
