/**
 * PostgreSQL behind the same Kysely queries as SQLite: a `pg` pool with Kysely's
 * PostgresDialect. Times are epoch milliseconds in bigint columns; `pg` returns int8 and
 * numeric as strings, so they are parsed back into numbers (epoch ms stay far below 2^53).
 * Errors at start-up name DATABASE_URL and never print the password.
 */
import pg from 'pg';
import { Kysely, PostgresDialect, PostgresAdapter, type KyselyPlugin } from 'kysely';
import { OperationNodeTransformer, type DataTypeNode } from 'kysely';
import { redactUrl } from './database-url.js';

const INT8 = 20;
const NUMERIC = 1700;

/** `pg`'s parsers, with int8 and numeric as numbers (counts, sums, epoch ms). */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export interface PostgresOptions {
  /** Connections per instance (default 10). */
  max?: number;
  /** How long to wait for a connection before giving up (default 5 s). */
  connectTimeoutMs?: number;
}

export function postgresPool(url: string, options: PostgresOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    types,
  });
  // A connection dropped by the server (idle in the pool, or checked out with its query
  // already failed) must not crash the process: the query fails as a store failure and the
  // pool connects again on the next one.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

export const postgresDialect = (pool: pg.Pool) => new PostgresDialect({ pool });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema
export const isPostgres = (db: Kysely<any>): boolean =>
  db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * Migrations speak SQLite's types; on PostgreSQL `integer` (epoch ms overflow int4) becomes
 * bigint and `real` (float4 loses digits) double precision.
 */
class PostgresTypes extends OperationNodeTransformer {
  protected override transformDataType(node: DataTypeNode): DataTypeNode {
    if (node.dataType === 'integer') return { ...node, dataType: 'bigint' };
    if (node.dataType === 'real') return { ...node, dataType: 'double precision' };
    return node;
  }
}

export const postgresTypes: KyselyPlugin = {
  transformQuery: (args) => new PostgresTypes().transformNode(args.node),
  transformResult: (args) => Promise.resolve(args.result),
};

/** A start-up failure as one line naming DATABASE_URL (pg's messages hold no password). */
export function connectError(url: string, error: unknown): string {
  const e = error as { code?: string; message?: string; errors?: { message?: string }[] };
  const reason = e.message || e.errors?.map((x) => x.message).join('; ') || e.code || String(error);
  return `DATABASE_URL: could not use PostgreSQL at ${redactUrl(url)}: ${reason.replaceAll(
    new URL(url).password || '\u0000',
    '***',
  )}`;
}
