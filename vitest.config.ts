import { fileURLToPath } from "node:url";

import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    // `npm test`: everything that needs no system browser. Browser suites live in test/e2e.
    include: ["test/{unit,integration,http}/**/*.test.ts"],
    environment: "node",
    // next-auth imports "next/server" without an extension, which only a bundler resolves.
    server: { deps: { inline: ["next-auth"] } },
    // In-process suites build the real config from these; suites that need other values
    // stub them and re-import.
    env: {
      AUTH_SECRET: "test-secret-at-least-thirty-two-characters-long",
      AUTH_URL: "http://localhost:3000",
      AUTH_TRUST_HOST: "true",
      AUTH_DEMO_USERS: "true",
    },
    testTimeout: 30_000,
    hookTimeout: 180_000,
  },
});
