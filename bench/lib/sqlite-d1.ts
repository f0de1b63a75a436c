import Database from "better-sqlite3";
import { readFileSync } from "node:fs";

/**
 * An embedded SQLite database (better-sqlite3) behind the few D1 methods @auth/d1-adapter
 * calls (`prepare().bind().first()/run()/all()`), so the bench's SQLite variant runs the same
 * adapter and SQL as D1 on workerd. Queries run for real; only the call shape is adapted.
 */
export interface D1Like {
  prepare(sql: string): D1LikeStatement;
}
interface D1LikeStatement {
  bind(...values: unknown[]): D1LikeStatement;
  first(): Promise<unknown>;
  run(): Promise<{ success: true; meta: { changes: number } }>;
  all(): Promise<{ success: true; results: unknown[] }>;
}

const MIGRATIONS = ["0001_authjs_tables.sql", "0002_demo_users.sql"].map(
  (file) => new URL(`../../features/database-sessions/migrations/${file}`, import.meta.url),
);

export function openSqliteD1(path = ":memory:"): D1Like & { close(): void } {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  for (const migration of MIGRATIONS) db.exec(readFileSync(migration, "utf8"));

  // D1 prepares per call; SQLite keeps compiled statements, as D1 does server-side.
  const compiled = new Map<string, Database.Statement>();
  const statement = (sql: string, values: unknown[] = []): D1LikeStatement => {
    let prepared = compiled.get(sql);
    if (!prepared) compiled.set(sql, (prepared = db.prepare(sql)));
    const write = prepared;
    return {
      bind: (...next) => statement(sql, next),
      // Like D1, `first()` on a write still executes it.
      first: async () => (write.reader ? (write.get(...values) ?? null) : (write.run(...values), null)),
      run: async () => ({ success: true, meta: { changes: write.reader ? 0 : write.run(...values).changes } }),
      all: async () => ({ success: true, results: write.reader ? write.all(...values) : [] }),
    };
  };
  return { prepare: (sql) => statement(sql), close: () => db.close() };
}
