/**
 * Which cards a drill shows: the cards most due for the people taking part, then cards new
 * to them, then the ones coming due soonest. Pure, so it is tested without a store.
 */
import type { CardStateRow } from '../store/index.js';
import type { Card } from './deck.js';

export interface PickInput {
  deck: readonly Card[];
  count: number;
  tag?: string;
  /** The people the drill is for (the starter and the channel's recent graders). */
  participants: readonly string[];
  /** Their schedules (any cards; rows of other people are ignored). */
  states: readonly CardStateRow[];
  now: number;
}

export function pickCards(input: PickInput): Card[] {
  const people = new Set(input.participants);
  const candidates = input.deck.filter((c) => !input.tag || c.tags.includes(input.tag as never));
  const byCard = new Map<string, CardStateRow[]>();
  for (const s of input.states) {
    if (!people.has(s.user_id)) continue;
    const list = byCard.get(s.card_id) ?? [];
    list.push(s);
    byCard.set(s.card_id, list);
  }
  const scored = candidates.map((card, order) => {
    const rows = byCard.get(card.id) ?? [];
    const due = rows.filter((r) => r.due <= input.now);
    return {
      card,
      order,
      dueCount: due.length,
      // How overdue, summed: a card three people forgot a week ago beats one due a minute ago.
      overdue: due.reduce((s, r) => s + (input.now - r.due), 0),
      newCount: people.size - rows.length,
      soonest: rows.length ? Math.min(...rows.map((r) => r.due)) : Infinity,
    };
  });
  const due = scored
    .filter((s) => s.dueCount > 0)
    .sort((a, b) => b.dueCount - a.dueCount || b.overdue - a.overdue || a.order - b.order);
  const fresh = scored
    .filter((s) => s.dueCount === 0 && s.newCount > 0)
    .sort((a, b) => b.newCount - a.newCount || a.order - b.order);
  const rest = scored
    .filter((s) => s.dueCount === 0 && s.newCount === 0)
    .sort((a, b) => a.soonest - b.soonest || a.order - b.order);
  return [...due, ...fresh, ...rest].slice(0, input.count).map((s) => s.card);
}
