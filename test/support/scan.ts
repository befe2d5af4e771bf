import type { Client } from 'pg';

/** Every row of every table in the database as one JSON text, to search for secrets that must not be there. */
export async function dumpDatabase(sql: Client): Promise<string> {
  const { rows: tables } = await sql.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const { rows } = await sql.query(`select row_to_json(t)::text as j from "${table_name}" t`);
    parts.push(...rows.map((r: { j: string }) => r.j));
  }
  return parts.join('\n');
}
