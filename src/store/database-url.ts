/**
 * DATABASE_URL's PostgreSQL form, checked without loading the driver (the config reads it
 * at start-up), and printed only with its password replaced.
 */

export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//i.test(url.trim());

/** The URL with its password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    // Not parseable: keep the scheme only, the rest may hold a password.
    return `${url.split(':')[0]}://…`;
  }
}

/** Check a postgres:// URL's shape; the reason it is wrong, or undefined. */
export function checkPostgresUrl(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'is not a valid URL (example: postgres://tutor:secret@localhost:5432/tutor)';
  }
  if (!u.hostname) return `has no host (got ${redactUrl(url)})`;
  if (u.pathname.replace(/^\//, '') === '')
    return `names no database (got ${redactUrl(url)}; example: postgres://tutor:secret@localhost:5432/tutor)`;
  return undefined;
}
