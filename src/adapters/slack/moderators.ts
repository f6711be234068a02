/**
 * Who may moderate on Slack: workspace admins and owners (`users.info` → is_admin, is_owner,
 * is_primary_owner; needs the `users:read` scope). Slack sends no such flag with a slash
 * command or a click, so it costs a Web API call: the context asks lazily (`isModerator()`), only
 * when an engine needs the answer, and answers are cached per user.
 *
 * Fails closed: if Slack cannot say (no `users:read` because the app was installed before the
 * scope was added, a network error…), the user is not a moderator, so only a round's starter can
 * stop or reveal it. The missing scope is logged once with the fix.
 */
import { logger } from '../../logger.js';
import type { SlackClient } from './deliver.js';
import { slackErrorCode } from './deliver.js';

/** How long a user's admin flag is trusted (a promotion or demotion shows up within this). */
export const MODERATOR_TTL_MS = 10 * 60_000;
/** How long a failed lookup is remembered, so a broken scope is not retried on every click. */
export const MODERATOR_ERROR_TTL_MS = 60_000;

interface Entry {
  value: boolean;
  until: number;
}

export class SlackModerators {
  private readonly cache = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<boolean>>();
  private warnedScope = false;

  /** `clientFor` gives the workspace's client (its own token under OAuth). */
  constructor(
    private readonly clientFor: (teamId: string | undefined) => Promise<SlackClient>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Is this user a workspace admin or owner? Never throws; unknown → false. */
  isModerator(teamId: string | undefined, userId: string): Promise<boolean> {
    const key = `${teamId ?? ''}:${userId}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > this.now()) return Promise.resolve(cached.value);
    const running = this.inFlight.get(key);
    if (running) return running;
    const lookup = this.lookup(key, teamId, userId).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, lookup);
    return lookup;
  }

  private async lookup(key: string, teamId: string | undefined, userId: string): Promise<boolean> {
    try {
      const client = await this.clientFor(teamId);
      const res = await client.users.info({ user: userId });
      const user = res.user as
        { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean } | undefined;
      const value =
        user?.is_admin === true || user?.is_owner === true || user?.is_primary_owner === true;
      this.cache.set(key, { value, until: this.now() + MODERATOR_TTL_MS });
      return value;
    } catch (error) {
      const code = slackErrorCode(error);
      if (code === 'missing_scope') {
        if (!this.warnedScope) {
          this.warnedScope = true;
          logger.warn(
            'slack: users.info needs the users:read scope; reinstall the app from the current manifest so workspace admins can stop quizzes (until then only the starter can)',
          );
        }
      } else {
        logger.warn({ err: error, code }, 'slack: users.info failed; treating as not a moderator');
      }
      this.cache.set(key, { value: false, until: this.now() + MODERATOR_ERROR_TTL_MS });
      return false;
    }
  }
}
