import { fileURLToPath } from "node:url";

import { defineConfig } from "vitest/config";

/** `npm run test:e2e`: real Chromium against both deploy targets. Needs Debian's `chromium`. */
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["test/e2e/**/*.test.ts"],
    environment: "node",
    globalSetup: ["test/support/build.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    // Pages on a loaded 2-core machine can take seconds; expect.poll waits for what users see.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 180_000,
  },
});
