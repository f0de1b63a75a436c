import { execFile } from "node:child_process";
import { promisify } from "node:util";

import { describe, expect, it } from "vitest";

import { MAX_PBKDF2_ITERATIONS, parseHash, verifyPassword } from "@/lib/password";

const run = promisify(execFile);

/** `npm run hash-password` as package.json runs it, with the password as argument or on stdin. */
function hashPassword(args: string[], stdin?: string) {
  const child = run(process.execPath, ["--import", "tsx", "scripts/hash-password.ts", ...args]);
  child.child.stdin?.end(stdin);
  return child;
}

describe("npm run hash-password", () => {
  it("prints a hash lib/password.ts verifies, at the Workers cap, for a password given as argument", async () => {
    const { stdout } = await hashPassword(["correct horse"]);
    const stored = stdout.trim();
    expect(parseHash(stored).iterations).toBe(MAX_PBKDF2_ITERATIONS);
    expect(await verifyPassword("correct horse", stored)).toBe(true);
    expect(await verifyPassword("correct horsf", stored)).toBe(false);
  }, 20_000);

  it("reads stdin when no argument is given, dropping the newline echo adds", async () => {
    const { stdout } = await hashPassword([], "from stdin\n");
    expect(await verifyPassword("from stdin", stdout.trim())).toBe(true);
  }, 20_000);

  it("refuses an empty password", async () => {
    await expect(hashPassword([], "\n")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("empty") });
  }, 20_000);
});
