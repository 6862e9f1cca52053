export const DEMO_PASSWORD = 'demo1234';
export const TEMPLATE_DATABASES = { empty: 'caselink_tpl_empty', demo: 'caselink_tpl_demo' } as const;

/** The PostgreSQL server of the integration lane, or null for the embedded database. */
export function serverUrl(): string | null {
  return process.env.TEST_DATABASE_URL?.trim() || null;
}

/** The server URL pointing at another database on it (postgres by default, to create and drop others). */
export function adminUrl(server: string, database = 'postgres'): string {
  const url = new URL(server);
  url.pathname = `/${database}`;
  return url.toString();
}
