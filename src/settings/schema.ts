/**
 * Every per-server setting: its type, default, allowed range and help, declared once. The
 * settings service stores only the values a TA changed; everything else reads the default,
 * so a new setting needs no migration. Commands read `ServerSettings`, never a constant a
 * setting replaces.
 */
import { FIT_NAMES } from '../scaling/fits.js';
import { DEFAULT_RETENTION, RETENTION_MAX, RETENTION_MIN } from '../flashcards/schedule.js';

export const QUIZ_SOURCES = ['built-in', 'course', 'mixed'] as const;
export const LEADERBOARD_MODES = ['named', 'opt-in', 'anonymous'] as const;
export const STARTERS = ['everyone', 'tas'] as const;
export const FIT_DEFAULTS = ['standard', ...FIT_NAMES] as const;

export type QuizSourceSetting = (typeof QUIZ_SOURCES)[number];
export type LeaderboardMode = (typeof LEADERBOARD_MODES)[number];

export interface ServerSettings {
  /** 'standard': each command's own side-by-side fits; otherwise the one fit answers use. */
  defaultFit: (typeof FIT_DEFAULTS)[number];
  quizQuestions: number;
  quizSeconds: number;
  /**
   * Where default rounds draw questions. 'course' (a server's own questions, issue 15) is
   * accepted and stored; until course questions exist, 'course' and 'mixed' ask built-in ones.
   */
  quizSource: QuizSourceSetting;
  /** Seconds between a reveal and the next question or card (read by the study modes). */
  pauseSeconds: number;
  /** Run rounds and drills in a thread of their own (implemented by the study modes). */
  threads: boolean;
  /** FSRS desired retention for drills and reviews. */
  retention: number;
  /** FSRS `enable_short_term`: true = minute learning steps, false = whole days only. */
  minuteSteps: boolean;
  /** Who may start rounds and drills. */
  starters: (typeof STARTERS)[number];
  /** Discord: the id of the role whose members are TAs ('' = none). */
  taRole: string;
  /** Slack (or any platform): user ids of TAs, besides workspace admins. */
  taUsers: string[];
  leaderboard: LeaderboardMode;
  /** Chart commands: at most `chartUses` per person every `chartSeconds`. */
  chartUses: number;
  chartSeconds: number;
}

export type SettingKey = keyof ServerSettings;

interface Spec<T> {
  default: T;
  help: string;
  /** The value typed by a TA → the typed value, or an error sentence with the allowed range. */
  parse(text: string): T | { error: string };
  show(value: T): string;
}

const int = (min: number, max: number, def: number, help: string, unit = ''): Spec<number> => ({
  default: def,
  help,
  parse(text) {
    const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
    return Number.isInteger(n) && n >= min && n <= max
      ? n
      : { error: `a whole number from ${min} to ${max}${unit}` };
  },
  show: (v) => `${v}${unit}`,
});

const choice = <C extends readonly string[]>(
  values: C,
  def: C[number],
  help: string,
): Spec<C[number]> => ({
  default: def,
  help,
  parse(text) {
    const t = text.trim().toLowerCase();
    const found = values.find((v) => v.toLowerCase() === t);
    return found ?? { error: `one of ${values.join(', ')}` };
  },
  show: (v) => v,
});

const flag = (def: boolean, help: string, on = 'on', off = 'off'): Spec<boolean> => ({
  default: def,
  help,
  parse(text) {
    const t = text.trim().toLowerCase();
    if ([on, 'on', 'true', 'yes', '1'].includes(t)) return true;
    if ([off, 'off', 'false', 'no', '0'].includes(t)) return false;
    return { error: `${on} or ${off}` };
  },
  show: (v) => (v ? on : off),
});

/** Platform ids: letters, digits, `_`/`-`; a Discord role may be given as a <@&mention>. */
const ID = /^[A-Za-z0-9_-]{1,40}$/;
const stripMention = (t: string) => t.trim().replace(/^<@[&!]?([^>]+)>$/, '$1');

export const SETTINGS: { [K in SettingKey]: Spec<ServerSettings[K]> } = {
  defaultFit: choice(FIT_DEFAULTS, 'standard', 'The fit answers use when none is named'),
  quizQuestions: int(1, 20, 5, 'Questions in a /quiz round when none is given'),
  quizSeconds: int(10, 120, 30, 'Seconds per question when none is given', ' s'),
  quizSource: choice(QUIZ_SOURCES, 'mixed', 'Where rounds draw questions'),
  pauseSeconds: int(0, 60, 5, 'Pause between a reveal and the next question', ' s'),
  threads: flag(false, 'Run rounds and drills in a thread'),
  retention: {
    default: DEFAULT_RETENTION,
    help: 'Drill desired retention (FSRS)',
    parse(text) {
      const n = /^\d*\.?\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
      return n >= RETENTION_MIN && n <= RETENTION_MAX
        ? Math.round(n * 100) / 100
        : { error: `a number from ${RETENTION_MIN} to ${RETENTION_MAX}` };
    },
    show: (v) => String(v),
  },
  minuteSteps: flag(true, 'Learning steps in minutes (on) or whole days (off)', 'minutes', 'days'),
  starters: choice(STARTERS, 'everyone', 'Who may start rounds and drills'),
  taRole: {
    default: '',
    help: 'Discord: the TA role (its id or @mention; "none" clears it)',
    parse(text) {
      const t = stripMention(text);
      if (t.toLowerCase() === 'none' || t === '') return '';
      return ID.test(t) ? t : { error: 'a role id or @mention, or "none"' };
    },
    show: (v) => (v ? `<@&${v}>` : 'none'),
  },
  taUsers: {
    default: [],
    help: 'TAs by user id, comma-separated ("none" clears the list)',
    parse(text) {
      if (text.trim().toLowerCase() === 'none') return [];
      const ids = text
        .split(/[\s,]+/)
        .filter(Boolean)
        .map(stripMention);
      if (ids.length === 0 || ids.length > 50 || !ids.every((i) => ID.test(i)))
        return { error: 'up to 50 user ids separated by commas (like U123ABC,U456DEF), or "none"' };
      return [...new Set(ids)];
    },
    show: (v) => (v.length ? v.join(', ') : 'none'),
  },
  leaderboard: choice(LEADERBOARD_MODES, 'named', 'Leaderboards: named, opt-in or anonymous'),
  chartUses: int(1, 30, 5, 'Chart answers per person in each cooldown window'),
  chartSeconds: int(5, 600, 30, 'The chart cooldown window', ' s'),
};

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export const DEFAULT_SETTINGS: ServerSettings = Object.fromEntries(
  SETTING_KEYS.map((k) => [k, SETTINGS[k].default]),
) as unknown as ServerSettings;

/** Stored JSON → settings; unknown keys and values that no longer parse fall back to defaults. */
export function fromStored(json: string | undefined): ServerSettings {
  let stored: Record<string, unknown> = {};
  try {
    stored = json ? (JSON.parse(json) as Record<string, unknown>) : {};
  } catch {
    stored = {};
  }
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of SETTING_KEYS) {
    const value = stored[key];
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : String(value);
    const parsed = SETTINGS[key].parse(text === '' && key === 'taRole' ? 'none' : text);
    if (!(typeof parsed === 'object' && parsed !== null && 'error' in parsed)) out[key] = parsed;
  }
  return out as unknown as ServerSettings;
}

/** Parse one TA-typed value; the error names the setting, what was given and what is allowed. */
export function parseSetting<K extends SettingKey>(
  key: K,
  text: string,
): { value: ServerSettings[K] } | { error: string } {
  const parsed = SETTINGS[key].parse(text);
  if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) {
    return {
      error: `${key} must be ${parsed.error}; got ${JSON.stringify(text.slice(0, 60))}.`,
    };
  }
  return { value: parsed as ServerSettings[K] };
}

export const showSetting = <K extends SettingKey>(key: K, value: ServerSettings[K]): string =>
  (SETTINGS[key].show as (v: ServerSettings[K]) => string)(value);
