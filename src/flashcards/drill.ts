/**
 * A channel flashcard drill as a session kind (src/games/session.ts): what differs from
 * every other channel session. A card shows its front (a deadline to recall), then its back
 * with grade buttons (a deadline to grade), then is done. The lifecycle is the engine's.
 */
import type { InteractionContext } from '../interaction.js';
import { phaseOf, type SessionIO, type SessionKind, type SessionStore } from '../games/session.js';
import type { Reply } from '../reply.js';
import type { DrillCardRow, DrillRow, FlashcardRepo } from '../store/index.js';
import type { Card } from './deck.js';
import { isQuizCard, quizCard, stepSeed } from './from-quiz.js';
import { doneReply, drillSummaryReply, frontReply, revealedReply } from './render.js';
import { DEFAULT_RETENTION, gradeRows, type GradeName } from './schedule.js';
import { fromStored } from '../settings/schema.js';

/** The deck by id; a card removed from the deck since still renders (and can be graded). */
export class DeckIndex {
  readonly byId: Map<string, Card>;
  /** Course cards (src/flashcards/course-cards.ts), known by their `course:` keys. */
  private readonly course = new Map<string, Card>();
  constructor(readonly cards: readonly Card[]) {
    this.byId = new Map(cards.map((c) => [c.id, c]));
  }
  /** Remember a server's course cards, so drills of them render (and survive restarts). */
  add(cards: readonly Card[]): void {
    for (const c of cards) this.course.set(c.id, c);
  }
  has(id: string): boolean {
    return this.byId.has(id) || this.course.has(id);
  }
  /** A deck card, a server's course card, or a card made from a quiz question the member missed. */
  find(id: string, seed = 1): Card | undefined {
    return (
      this.byId.get(id) ?? this.course.get(id) ?? (isQuizCard(id) ? quizCard(id, seed) : undefined)
    );
  }
  card(id: string, seed?: number): Card {
    return (
      this.find(id, seed) ?? {
        id,
        front: '(This card has been removed from the deck.)',
        back: 'It is no longer part of the course material.',
        tags: ['scaling-laws'],
        source: '—',
      }
    );
  }
  view(drill: DrillRow, row: DrillCardRow) {
    return {
      drillId: drill.id,
      idx: row.idx,
      count: drill.count,
      // A generated quiz card draws fresh numbers for each review, the same on front and back.
      card: this.card(row.card_id, stepSeed(drill.id, row.idx)),
      tag: drill.tag,
    };
  }
}

export type NamesFilter = <R extends { user_id: string; user_name: string }>(
  rows: R[],
  where: { platform: string; serverId: string },
) => Promise<R[]>;

export class FlashcardDrill implements SessionKind<DrillRow, DrillCardRow> {
  readonly store: SessionStore<DrillRow, DrillCardRow>;

  constructor(
    private readonly repo: FlashcardRepo,
    private readonly deck: DeckIndex,
    private readonly io: SessionIO,
    /** The server's leaderboard mode for names shown in the channel (src/settings/boards.ts). */
    private readonly names?: NamesFilter,
  ) {
    this.store = repo.drills;
  }

  phase(row: DrillCardRow) {
    return phaseOf(row.status, ['front', 'revealed'], 'done');
  }

  async open(drill: DrillRow, idx: number) {
    const row = await this.repo.getCard(drill.id, idx);
    if (!row) return undefined;
    const now = this.io.now();
    const deadline = now + drill.seconds * 1000;
    await this.repo.openCard(drill.id, idx, now, deadline);
    return {
      post: frontReply({ ...this.deck.view(drill, row), seconds: drill.seconds }),
      deadline,
    };
  }

  /** front → revealed (the host's Reveal, or its deadline); revealed → done (Next, or its deadline). */
  async move(drill: DrillRow, idx: number, control?: string) {
    const row = await this.repo.getCard(drill.id, idx);
    // Next closes the card in either phase (the host may skip a card unrevealed).
    if (control === 'next')
      return (await this.closeOne(drill, idx)) ? ('done' as const) : undefined;
    if (row?.status === 'front') {
      const now = this.io.now();
      const deadline = now + drill.grade_seconds * 1000;
      if (!(await this.repo.revealCard(drill.id, idx, now, deadline))) return undefined;
      await this.redraw(drill, (await this.repo.getCard(drill.id, idx))!);
      return { deadline, counting: true };
    }
    if (row?.status === 'revealed' && control === undefined) {
      return (await this.closeOne(drill, idx)) ? ('done' as const) : undefined;
    }
    return undefined;
  }

  async close(drill: DrillRow, idx: number): Promise<void> {
    await this.closeOne(drill, idx);
  }

  /** Show a revealed card as the store has it (a reveal whose edit the store outage stopped). */
  async redraw(drill: DrillRow, row: DrillCardRow): Promise<void> {
    if (row.status !== 'revealed') return;
    const view = await this.liveView(drill, row.idx);
    if (view) await this.io.edit(drill, row, view);
  }

  /** Close grading on a card (once) and show who graded it. */
  private async closeOne(drill: DrillRow, idx: number): Promise<boolean> {
    if (!(await this.repo.closeCard(drill.id, idx))) return false;
    const row = (await this.repo.getCard(drill.id, idx))!;
    const reviews = await this.shown(drill, await this.repo.reviewsOf(drill.id, idx));
    await this.io.edit(drill, row, doneReply({ ...this.deck.view(drill, row), reviews }));
    return true;
  }

  async liveView(drill: DrillRow, idx: number): Promise<Reply | undefined> {
    const row = await this.repo.getCard(drill.id, idx);
    if (!row || row.status !== 'revealed') return undefined;
    const graded = (await this.repo.reviewsOf(drill.id, idx)).length;
    return revealedReply({
      ...this.deck.view(drill, row),
      gradeSeconds: drill.grade_seconds,
      graded,
    });
  }

  async summary(drill: DrillRow, status: 'finished' | 'stopped'): Promise<Reply> {
    const rows = await this.repo.cardsOf(drill.id);
    return drillSummaryReply({
      cards: rows.map((r) => ({
        card: this.deck.card(r.card_id),
        idx: r.idx,
        shown: r.revealed_at !== null,
      })),
      reviews: await this.shown(drill, await this.repo.reviewsOf(drill.id)),
      stopped: status === 'stopped',
      now: this.io.now(),
    });
  }

  async started(drill: DrillRow): Promise<Reply> {
    const cards = (await this.repo.cardsOf(drill.id)).map((r) => r.card_id);
    return {
      title: 'Flashcard drill started',
      summary: `${drill.count} card${drill.count === 1 ? '' : 's'}: recall each answer, reveal it, then grade yourself. Each grade schedules the card for you alone.`,
      notes: [
        `You started it, so you reveal cards, move on with Next, or stop with \`/flashcards stop\`. Cards reveal themselves after ${drill.seconds} s and move on ${drill.grade_seconds} s later.`,
      ],
      visibility: 'private',
      tone: 'info',
      data: { drillId: drill.id, cards },
    };
  }

  /** Graders' names as the channel may see them. */
  private shown<R extends { user_id: string; user_name: string }>(drill: DrillRow, rows: R[]) {
    const where = { platform: drill.platform, serverId: drill.server_id };
    return this.names ? this.names(rows, where) : Promise.resolve(rows);
  }

  async starterName(drill: DrillRow): Promise<string> {
    const starter = { user_id: drill.starter_id, user_name: drill.starter_name };
    return (await this.shown(drill, [starter]))[0]!.user_name;
  }

  threadName(drill: DrillRow): string {
    const about = drill.tag?.replace(/-/g, ' ') ?? 'flashcards';
    return `Drill · ${about} · ${drill.count} card${drill.count === 1 ? '' : 's'}`;
  }

  busy(drill: DrillRow) {
    return {
      what: `a flashcard drill in this channel (card ${drill.current + 1} of ${drill.count})`,
      join: 'Join in above, or wait for it to end.',
      key: 'drillId',
    };
  }
}

export async function retentionFor(
  repo: FlashcardRepo,
  platform: string,
  serverId: string,
): Promise<number> {
  return (await scheduleFor(repo, platform, serverId)).retention;
}

/** The server's FSRS settings (/settings retention and minuteSteps). */
export async function scheduleFor(
  repo: FlashcardRepo,
  platform: string,
  serverId: string,
): Promise<{ retention: number; minuteSteps: boolean }> {
  if (!serverId) return { retention: DEFAULT_RETENTION, minuteSteps: true };
  const s = fromStored(await repo.serverSettings(platform, serverId));
  return { retention: s.retention, minuteSteps: s.minuteSteps };
}

/**
 * Write one grade (once) with the desired retention of the drill's server, only while the
 * card is still revealed: 'closed' when Next or the deadline (on any instance) closed it.
 */
export async function recordGrade(
  repo: FlashcardRepo,
  now: number,
  drill: DrillRow,
  row: DrillCardRow,
  grade: GradeName,
  ctx: InteractionContext,
) {
  const { retention, minuteSteps } = await scheduleFor(repo, drill.platform, drill.server_id);
  const who = {
    drillId: drill.id,
    idx: row.idx,
    platform: drill.platform,
    userId: ctx.user.id,
    userName: ctx.user.name,
    cardId: row.card_id,
    serverId: drill.server_id,
    channelId: drill.channel_id,
    mode: drill.mode,
  };
  return repo.recordGradeWhile(who, ['revealed'], (previous) =>
    gradeRows(previous, grade, now, retention, who, minuteSteps),
  );
}

export function cardRows(drillId: string, cards: readonly Card[]): DrillCardRow[] {
  return cards.map((card, idx) => ({
    drill_id: drillId,
    idx,
    card_id: card.id,
    status: 'pending',
    posted_at: null,
    deadline_at: null,
    revealed_at: null,
    message_platform: null,
    message_channel: null,
    message_id: null,
  }));
}
