/** Rows of migration 60: the fits a server's TAs saved from /fit under a name. */
import type { Kysely } from 'kysely';
import type { Database, SavedFitsTable } from './schema.js';

export type SavedFitRow = SavedFitsTable;
export interface Where {
  platform: string;
  serverId: string;
}

export class SavedFitsRepo {
  constructor(readonly db: Kysely<Database>) {}

  /** Save (or replace) a server's fit under `row.name`. */
  async put(row: SavedFitRow): Promise<void> {
    const { e, a, b, alpha, beta, saved_by, saved_at } = row;
    await this.db
      .insertInto('saved_fits')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['platform', 'server_id', 'name'])
          .doUpdateSet({ e, a, b, alpha, beta, saved_by, saved_at }),
      )
      .execute();
  }

  async get(where: Where, name: string): Promise<SavedFitRow | undefined> {
    return this.db
      .selectFrom('saved_fits')
      .selectAll()
      .where('platform', '=', where.platform)
      .where('server_id', '=', where.serverId)
      .where('name', '=', name)
      .executeTakeFirst();
  }

  async names(where: Where): Promise<string[]> {
    const rows = await this.db
      .selectFrom('saved_fits')
      .select('name')
      .where('platform', '=', where.platform)
      .where('server_id', '=', where.serverId)
      .orderBy('name')
      .execute();
    return rows.map((r) => r.name);
  }
}
