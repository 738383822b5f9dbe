/** Anything that runs SQL: the DataSource (pooled) or a QueryRunner (one connection, maybe in a transaction). */
export interface SqlExecutor {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

/** An executor that can also run a named prepared statement (planned once per connection). */
export interface PreparingExecutor extends SqlExecutor {
  prepared<T = unknown>(name: string, sql: string, parameters: unknown[]): Promise<T>;
}
