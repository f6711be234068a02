/**
 * Kysely's SQLite driver calls better-sqlite3's prepare() for every query it runs, and the
 * bench's CPU profile under load showed preparing costing as much as running the statements
 * (about 330 ms against 500 ms of the main thread's time in a Slack load run). The bot runs a
 * few dozen distinct statements, so remember them: prepare each SQL text once per connection.
 */
import type { Database, Statement } from 'better-sqlite3';

/** Make `sqlite.prepare` reuse statements by SQL text (at most `max`, least recent dropped). */
export function cacheStatements(sqlite: Database, max = 256): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
    } else {
      statement = prepare(source);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
    }
    // Busy (a stream still iterating it): a statement of its own, not cached.
    if (statement.busy) return prepare(source);
    cache.set(source, statement);
    return statement;
  }) as Database['prepare'];
}
