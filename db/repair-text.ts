/**
 * Removes U+FFFD ("�") from every text column of the application's tables.
 * React 18's streaming renderer wrote NUL bytes into pages
 * (docs/decisions/012-rendering.md); browsers turn a NUL in an attribute into
 * "�", and a form that carried such a value back stored it ("x�óm Bến").
 * The letter itself was written whole after the broken bytes, so removing
 * the replacement characters gives the text back. No one types "�" on
 * purpose. Raw updates, one statement per column: a one-off repair
 * (`npm run db:repair-text`), not a model operation.
 */
import { sql } from "drizzle-orm";
import type { Database } from "./client";

export type RepairedColumn = { table: string; column: string; rows: number };

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

export async function removeReplacementCharacters(database: Database): Promise<RepairedColumn[]> {
  const columns = await database.execute<{ table: string; column: string }>(sql`
    select c.table_name as "table", c.column_name as "column"
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      and c.data_type in ('text', 'character varying') and c.is_generated = 'NEVER'
    order by c.table_name, c.column_name`);
  const repaired: RepairedColumn[] = [];
  for (const { table, column } of columns) {
    const name = `${quote(table)}.${quote(column)}`;
    const result = await database.execute(
      sql.raw(`update ${quote(table)} set ${quote(column)} = replace(${quote(column)}, U&'\\FFFD', '') where strpos(${name}, U&'\\FFFD') > 0`),
    );
    const rows = result.count ?? 0;
    if (rows > 0) repaired.push({ table, column, rows });
  }
  return repaired;
}
