/**
 * Who a leaderboard shows, and by what name, under the server's leaderboard mode:
 * - named: everyone, except members who ran `/quiz leaderboard hide`;
 * - opt-in: only members who ran `/quiz leaderboard show`;
 * - anonymous: everyone not hidden, as "Member 1", "Member 2"… by rank; staff can reveal
 *   the names privately.
 * A member's board nickname (/privacy nickname) replaces their name wherever they are named.
 * Ranks are counted after the filter, so a hidden member leaves no gap.
 */
import type { BoardRow } from '../store/quiz-repo.js';
import { isForgotten } from './privacy.js';
import type { LeaderboardMode } from './schema.js';
import type { SettingsService } from './service.js';

/** Display names by user id (Slack's users.info), where the platform can look them up. */
export type NameLookup = (userIds: readonly string[]) => Promise<ReadonlyMap<string, string>>;

export interface BoardView {
  rows: BoardRow[];
  mode: LeaderboardMode;
  /** True when the names shown are "Member N" (a staff reveal can show them). */
  anonymous: boolean;
}

export async function presentBoard(
  rows: readonly BoardRow[],
  where: { platform: string; serverId: string },
  options: {
    settings?: SettingsService;
    names?: NameLookup;
    /** Staff asked to see the names behind an anonymous board. */
    reveal?: boolean;
    limit?: number;
  } = {},
): Promise<BoardView> {
  const limit = options.limit ?? 10;
  // Forgotten members' answers still count in their rounds but are nobody's on a board.
  rows = rows.filter((r) => !isForgotten(r.userId));
  const service = options.settings;
  if (!service || !where.serverId) {
    return {
      rows: await named(rows.slice(0, limit), options.names),
      mode: 'named',
      anonymous: false,
    };
  }
  const [settings, prefs] = await Promise.all([
    service.get(where.platform, where.serverId),
    service.prefs(where.platform, where.serverId),
  ]);
  const mode = settings.leaderboard;
  const shown = rows
    .filter((r) => {
      const board = prefs.get(r.userId)?.board ?? 'default';
      return mode === 'opt-in' ? board === 'show' : board !== 'hide';
    })
    .slice(0, limit);
  if (mode === 'anonymous' && !options.reveal) {
    return {
      rows: shown.map((r, i) => ({ ...r, userId: `member-${i + 1}`, userName: `Member ${i + 1}` })),
      mode,
      anonymous: true,
    };
  }
  const withNicknames = shown.map((r) => {
    const nickname = prefs.get(r.userId)?.nickname;
    return nickname ? { ...r, userName: nickname, nickname: true } : r;
  });
  return { rows: await named(withNicknames, options.names), mode, anonymous: false };
}

/** Platform display names for rows without a nickname; the stored name when a lookup fails. */
async function named(
  rows: readonly (BoardRow & { nickname?: boolean })[],
  names: NameLookup | undefined,
): Promise<BoardRow[]> {
  const ask = rows.filter((r) => !r.nickname).map((r) => r.userId);
  const found =
    names && ask.length ? await names(ask).catch(() => new Map<string, string>()) : undefined;
  return rows.map(({ nickname: _n, ...r }) => ({
    ...r,
    userName: found?.get(r.userId) ?? r.userName,
  }));
}

/**
 * Names on a public reveal ("Right: Ada +12, Ben +8") under the same rules: a member the
 * board would not name is "a member", a nickname replaces the name.
 */
export async function revealNames<R extends { user_id: string; user_name: string }>(
  answers: readonly R[],
  where: { platform: string; serverId: string },
  settings: SettingsService | undefined,
): Promise<R[]> {
  if (!settings || !where.serverId) return [...answers];
  const [s, prefs] = await Promise.all([
    settings.get(where.platform, where.serverId),
    settings.prefs(where.platform, where.serverId),
  ]);
  return answers.map((a) => {
    if (isForgotten(a.user_id)) return a;
    const p = prefs.get(a.user_id);
    const named =
      s.leaderboard !== 'anonymous' &&
      (s.leaderboard === 'opt-in' ? p?.board === 'show' : p?.board !== 'hide');
    return { ...a, user_name: named ? (p?.nickname ?? a.user_name) : 'a member' };
  });
}
