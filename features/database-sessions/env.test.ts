import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, describe, expect, it, vi } from "vitest";

import { checkEnv, hasNodeMiddleware } from "./env";
import { parseDatabaseSessionsEnv } from "./variables";

const EDGE_MIDDLEWARE = 'export default middleware;\n\nexport const config = {\n  matcher: ["/(.*)"],\n};\n';
const NODE_MIDDLEWARE = 'export default middleware;\n\nexport const config = {\n  runtime: "nodejs",\n  matcher: ["/(.*)"],\n};\n';

describe("AUTH_SESSION_STRATEGY and DATABASE_URL", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("defaults to JWT sessions, and 'database' turns database sessions on", () => {
    expect(parseDatabaseSessionsEnv({}).on).toBe(false);
    expect(parseDatabaseSessionsEnv({ AUTH_SESSION_STRATEGY: "database" }).on).toBe(true);
  });

  it("names the variable and the allowed values for anything else", () => {
    expect(() => parseDatabaseSessionsEnv({ AUTH_SESSION_STRATEGY: "db" })).toThrow(/AUTH_SESSION_STRATEGY must be "jwt" or "database", got "db"/);
  });

  it("refuses a DATABASE_URL that is not PostgreSQL, without echoing its password", () => {
    const check = () => parseDatabaseSessionsEnv({ DATABASE_URL: "mysql://app:hunter2@db:3306/app" });
    expect(check).toThrow(/DATABASE_URL must be a PostgreSQL URL/);
    expect(check).not.toThrow(/hunter2/);
  });

  it("finds the one line that moves middleware to Node.js", () => {
    expect(hasNodeMiddleware(NODE_MIDDLEWARE)).toBe(true);
    expect(hasNodeMiddleware(EDGE_MIDDLEWARE)).toBe(false);
    expect(hasNodeMiddleware('  // runtime: "nodejs",\n')).toBe(false);
  });

  describe("when next build or next start begins", () => {
    function inProject(middleware: string) {
      const dir = mkdtempSync(join(tmpdir(), "database-sessions-env-"));
      writeFileSync(join(dir, "middleware.ts"), middleware);
      vi.spyOn(process, "cwd").mockReturnValue(dir);
      return () => rmSync(dir, { recursive: true, force: true });
    }

    it("stops next start without DATABASE_URL, naming it (next start has no D1)", () => {
      vi.stubEnv("AUTH_SESSION_STRATEGY", "database");
      expect(() => checkEnv({ serving: true })).toThrow(/AUTH_SESSION_STRATEGY=database needs DATABASE_URL/);
      // A Cloudflare build has no DATABASE_URL and serves from D1.
      expect(() => checkEnv({ serving: false })).not.toThrow();
    });

    it("stops the build and the server when PostgreSQL would be read by edge middleware, naming the line", () => {
      const cleanup = inProject(EDGE_MIDDLEWARE);
      try {
        vi.stubEnv("AUTH_SESSION_STRATEGY", "database");
        vi.stubEnv("DATABASE_URL", "postgres://app@localhost:5432/app");
        expect(() => checkEnv({ serving: false })).toThrow(/add `runtime: "nodejs",` to the config in middleware.ts/);
        expect(() => checkEnv({ serving: true })).toThrow(/runtime: "nodejs"/);
      } finally {
        cleanup();
      }
    });

    it("starts with PostgreSQL behind Node.js middleware, and with JWT sessions whatever the rest", () => {
      const cleanup = inProject(NODE_MIDDLEWARE);
      try {
        vi.stubEnv("AUTH_SESSION_STRATEGY", "database");
        vi.stubEnv("DATABASE_URL", "postgres://app@localhost:5432/app");
        expect(() => checkEnv({ serving: true })).not.toThrow();
        vi.stubEnv("AUTH_SESSION_STRATEGY", "");
        expect(() => checkEnv({ serving: true })).not.toThrow();
      } finally {
        cleanup();
      }
    });
  });
});
