/** Completion for a server's course deck names and tags (`/flashcards deck:`, `/course name:`). */
import type { Suggestion, SuggestContext } from './define.js';

const matching = (names: readonly string[], partial: string): Suggestion[] => {
  const p = partial.trim().toLowerCase();
  return names.filter((n) => n.includes(p)).map((n) => ({ name: n, value: n }));
};

export async function courseDeckSuggestions(
  partial: string,
  ctx?: SuggestContext,
): Promise<Suggestion[]> {
  const library = await ctx?.services?.course?.();
  if (!library || !ctx?.server) return [];
  const where = { platform: ctx.platform, serverId: ctx.server.id };
  return matching(
    (await library.decks(where)).map((d) => d.name),
    partial,
  );
}

export async function courseTagSuggestions(
  partial: string,
  ctx?: SuggestContext,
): Promise<Suggestion[]> {
  const library = await ctx?.services?.course?.();
  if (!library || !ctx?.server) return [];
  return matching(await library.tags({ platform: ctx.platform, serverId: ctx.server.id }), partial);
}
