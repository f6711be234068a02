/**
 * Wall-clock math for the question of the day, with Intl only (no date library): the
 * instant a local time happens in a time zone on a given local date, robust across
 * daylight-saving changes (09:00 stays 09:00 local; a time inside a spring-forward gap
 * moves forward by the gap, 02:30 → 03:30; a repeated fall-back time is posted once).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

export interface LocalTime {
  y: number;
  m: number;
  d: number;
  hh: number;
  mm: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function isTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `tz` at instant `t`. */
export function localTime(t: number, tz: string): LocalTime {
  const parts = Object.fromEntries(
    formatter(tz)
      .formatToParts(t)
      .map((p) => [p.type, p.value]),
  );
  return {
    y: Number(parts.year),
    m: Number(parts.month),
    d: Number(parts.day),
    hh: Number(parts.hour),
    mm: Number(parts.minute),
    weekday: WEEKDAYS.indexOf(parts.weekday!),
  };
}

/** "2026-03-29": a local date as a key (each day is posted once). */
export const dayKey = (l: Pick<LocalTime, 'y' | 'm' | 'd'>): string =>
  `${l.y}-${String(l.m).padStart(2, '0')}-${String(l.d).padStart(2, '0')}`;

/** The zone's offset from UTC at instant `t`, in ms. */
function offsetAt(t: number, tz: string): number {
  const l = localTime(t, tz);
  const asUtc = Date.UTC(l.y, l.m - 1, l.d, l.hh, l.mm);
  return asUtc - Math.floor(t / 60_000) * 60_000;
}

/** The instant local date y-m-d at hh:mm happens in `tz`. */
export function zonedInstant(y: number, m: number, d: number, hh: number, mm: number, tz: string) {
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  let t = wall - offsetAt(wall, tz);
  t = wall - offsetAt(t, tz); // a second pass settles a guess that straddled the change
  const l = localTime(t, tz);
  // In a spring-forward gap the wall time does not exist: move it forward by the gap.
  if (l.hh !== hh || l.mm !== mm) t = Math.max(t, wall - offsetAt(t + 3_600_000, tz));
  return t;
}

/** The first posting time strictly after `after`: `time` ("09:00") local in `tz`. */
export function nextPostAt(after: number, time: string, tz: string): number {
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const today = localTime(after, tz);
  for (let add = 0; add < 3; add++) {
    const day = new Date(Date.UTC(today.y, today.m - 1, today.d + add));
    const t = zonedInstant(
      day.getUTCFullYear(),
      day.getUTCMonth() + 1,
      day.getUTCDate(),
      hh,
      mm,
      tz,
    );
    if (t > after) return t;
  }
  throw new Error(`no posting time after ${after} for ${time} ${tz}`);
}

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/**
 * "today at 13:00", "tomorrow at 09:00" or "Sun 29 Mar at 09:00": instant `t` on the wall
 * clock of `tz`, relative to `now`. Written out rather than as Discord's `<t:…:R>`, which
 * Slack and the playground do not read (and which replies escape on Discord too).
 */
export function describeAt(t: number, now: number, tz: string): string {
  const l = localTime(t, tz);
  const hhmm = `${String(l.hh).padStart(2, '0')}:${String(l.mm).padStart(2, '0')}`;
  const n = localTime(now, tz);
  const days = Math.round((Date.UTC(l.y, l.m - 1, l.d) - Date.UTC(n.y, n.m - 1, n.d)) / 86_400_000);
  if (days === 0) return `today at ${hhmm}`;
  if (days === 1) return `tomorrow at ${hhmm}`;
  return `${WEEKDAYS[l.weekday]} ${l.d} ${MONTHS[l.m - 1]} at ${hhmm}`;
}
