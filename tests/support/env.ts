/** What the global setup hands to every test file. */
export interface TestEnvironment {
  /** Base URL of the real forum server started for API, socket and browser tests. */
  baseUrl: string;
  /** A PostgreSQL database of its own for integration tests, or null to use in-memory PGlite. */
  databaseUrl: string | null;
  meiliHost: string;
  meiliKey: string;
  /** Admin bootstrapped on the test server. */
  admin: { email: string; username: string; password: string };
  /** The test server's DATA_DIR: its mail outbox is `<dataDir>/mail`. */
  dataDir: string;
  chromiumPath: string | null;
}

declare module "vitest" {
  export interface ProvidedContext {
    env: TestEnvironment;
  }
}
