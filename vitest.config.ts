import { fileURLToPath } from "node:url";

import { defineConfig } from "vitest/config";

const shared = {
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
};

/** In-process suites build the real config from these. */
const inProcessEnv = {
  AUTH_SECRET: "test-secret-at-least-thirty-two-characters-long",
  AUTH_URL: "http://localhost:3000",
  AUTH_TRUST_HOST: "true",
  AUTH_DEMO_USERS: "true",
};

export default defineConfig({
  ...shared,
  test: {
    // `npm test` runs "unit" (unit and in-process suites: no build, no server, no browser);
    // `npm run test:servers` runs "http" (builds, then real servers on every target; the callback
    // matrix's `useSession()` rows open Chromium). Browser suites: vitest.e2e.config.ts.
    projects: [
      {
        ...shared,
        test: {
          name: "unit",
          // A feature keeps its tests in its folder (features/<name>/), so deleting it deletes them.
          include: ["test/{unit,integration}/**/*.test.ts", "features/**/*.test.ts", "platform/**/*.test.ts"],
          // Suites that need a real Redis or PostgreSQL run in "stores" (npm run test:stores).
          exclude: ["**/*.stores.test.ts", "**/node_modules/**"],
          environment: "node",
          // next-auth imports "next/server" without an extension, which only a bundler resolves.
          server: { deps: { inline: ["next-auth"] } },
          env: inProcessEnv,
          // Hooks boot workerd (Miniflare) for the KV and D1 suites: seconds when check:features loads both cores.
          hookTimeout: 30_000,
        },
      },
      {
        ...shared,
        test: {
          // The shared stores against real Redis (Debian's redis-server) and PostgreSQL: no build.
          name: "stores",
          include: ["test/stores/**/*.test.ts", "features/**/*.stores.test.ts"],
          environment: "node",
          // Database sessions drive the real Auth.js handlers against PostgreSQL (see "unit").
          server: { deps: { inline: ["next-auth"] } },
          env: inProcessEnv,
          fileParallelism: false,
          testTimeout: 30_000,
        },
      },
      {
        ...shared,
        test: {
          name: "http",
          include: ["test/http/**/*.test.ts"],
          environment: "node",
          // The callback matrix shares scenario code that imports next-auth (see the unit project).
          server: { deps: { inline: ["next-auth"] } },
          // Real servers on both targets: build once, then one file at a time on 2 cores.
          globalSetup: ["test/support/build.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
