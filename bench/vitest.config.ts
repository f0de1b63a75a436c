import { fileURLToPath } from "node:url";

import { defineConfig } from "vitest/config";

// The bench's tests (`npm test --prefix bench`): its report, stats and model as pure functions,
// the delay proxy, and `--quick` smokes of the program. vitest comes from the root's node_modules.
export default defineConfig({
  // The app's files the bench measures import each other as "@/…".
  resolve: { alias: { "@": fileURLToPath(new URL("../", import.meta.url)) } },
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    // next-auth imports "next/server" without an extension, which only a bundler resolves.
    server: { deps: { inline: ["next-auth"] } },
    // The same variables as the app's unit project: the bench builds the template's real config.
    env: {
      AUTH_SECRET: "test-secret-at-least-thirty-two-characters-long",
      AUTH_URL: "http://localhost:3000",
      AUTH_TRUST_HOST: "true",
      AUTH_DEMO_USERS: "true",
    },
  },
});
