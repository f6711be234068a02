/**
 * Two instances on one database, and a hook to stop one of them mid-statement, for tests of
 * races between instances. On PostgreSQL: two stores (two pools) on one fresh schema, each
 * naming its connections, so a test can see one wait on a row lock. On SQLite (one
 * instance per file): both are the one in-memory store.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { KyselyPlugin, OperationNode, QueryId } from 'kysely';
import { openStore, type Store } from '../../src/store/index.js';
import { freshSchemaUrl, ON_POSTGRES } from './test-store.js';

export interface Pair {
  a: Store;
  b: Store;
  /**
   * PostgreSQL: settles with 'done', or 'blocked' once `who` waits on a row lock. SQLite:
   * 'queued' at once (the work waits for the store's one connection, in turn).
   */
  doneOrBlocked(work: Promise<unknown>, who?: 'a' | 'b'): Promise<'done' | 'blocked' | 'queued'>;
  close(): Promise<void>;
}

export async function openPair(): Promise<Pair> {
  if (!ON_POSTGRES) {
    const a = await openStore(':memory:');
    return {
      a,
      b: a,
      doneOrBlocked: () => Promise.resolve('queued' as const),
      close: () => a.close(),
    };
  }
  const { url, drop } = await freshSchemaUrl();
  const tag = randomBytes(4).toString('hex');
  const named = (who: 'a' | 'b') => {
    const u = new URL(url);
    u.searchParams.set('application_name', `race_${who}_${tag}`);
    return u.toString();
  };
  const a = await openStore(named('a'), { max: 4 });
  const b = await openStore(named('b'), { max: 4 });
  const watcher = new pg.Client({ connectionString: url });
  await watcher.connect();
  const waiting = async (who: 'a' | 'b') => {
    const r = await watcher.query(
      `SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
      [`race_${who}_${tag}`],
    );
    return r.rowCount! > 0;
  };
  return {
    a,
    b,
    async doneOrBlocked(work, who = 'b'): Promise<'done' | 'blocked'> {
      let done = false;
      void work.then(
        () => (done = true),
        () => (done = true),
      );
      for (let i = 0; i < 500; i++) {
        await new Promise((r) => setTimeout(r, 10));
        if (done) return 'done';
        if (await waiting(who)) return 'blocked';
      }
      throw new Error(`${who} neither finished nor waited on a lock within 5 s`);
    },
    async close() {
      await watcher.end();
      await b.close();
      await a.close();
      await drop();
    },
  };
}

/** The table a select, insert or update names (undefined for raw SQL). */
function tableOf(node: OperationNode): string | undefined {
  const n = node as {
    kind: string;
    from?: { froms: { table?: { identifier: { name: string } } }[] };
    into?: { table: { identifier: { name: string } } };
    table?: { table?: { identifier: { name: string } } };
  };
  if (n.kind === 'SelectQueryNode') return n.from?.froms[0]?.table?.identifier.name;
  if (n.kind === 'InsertQueryNode') return n.into?.table.identifier.name;
  if (n.kind === 'UpdateQueryNode') return n.table?.table?.identifier.name;
  return undefined;
}

/** A select that locks its rows FOR SHARE. */
export const forShare = (node: OperationNode): boolean =>
  (node as { endModifiers?: { modifier?: string }[] }).endModifiers?.some(
    (m) => m.modifier === 'ForShare',
  ) === true;

/**
 * A plugin that, once armed, runs `fn` after the next `kind` statement on `table` (that
 * `also` accepts) has run and before its caller sees the result (inside its transaction).
 */
export function pauseAfter(kind: 'SelectQueryNode' | 'InsertQueryNode' | 'UpdateQueryNode') {
  const marked = new Set<QueryId>();
  let armed:
    { table: string; fn: () => Promise<void>; also: (node: OperationNode) => boolean } | undefined;
  let ran = 0;
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      const node = args.node;
      if (armed && node.kind === kind && tableOf(node) === armed.table && armed.also(node))
        marked.add(args.queryId);
      return args.node;
    },
    async transformResult(args) {
      if (!marked.delete(args.queryId) || !armed) return args.result;
      const { fn } = armed;
      armed = undefined;
      ran++;
      await fn();
      return args.result;
    },
  };
  return {
    plugin,
    arm(
      table: string,
      fn: () => Promise<void>,
      also: (node: OperationNode) => boolean = () => true,
    ) {
      armed = { table, fn, also };
    },
    /** How many times the hook ran (a test checks its race really happened). */
    get ran() {
      return ran;
    },
  };
}
