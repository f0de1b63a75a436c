import { describe, expect, it } from "vitest";

import { hashPassword, MAX_PBKDF2_ITERATIONS, parseHash, PasswordHashError, verifyPassword } from "@/lib/password";

describe("PBKDF2 password hashing", () => {
  it("verifies the password it hashed and rejects another", async () => {
    const stored = await hashPassword("correct horse", 1_000);
    expect(await verifyPassword("correct horse", stored)).toBe(true);
    expect(await verifyPassword("correct horsf", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("salts every hash, so equal passwords store differently", async () => {
    const [a, b] = await Promise.all([hashPassword("same", 1_000), hashPassword("same", 1_000)]);
    expect(a).not.toBe(b);
  });

  it("keeps the iteration count inside the hash so it can be raised later", async () => {
    const stored = await hashPassword("pw", 2_000);
    expect(stored.startsWith("pbkdf2-sha256$2000$")).toBe(true);
    expect(parseHash(stored).iterations).toBe(2_000);
    expect(await verifyPassword("pw", stored)).toBe(true);
  });

  it("uses the Cloudflare Workers maximum of 100,000 iterations by default", async () => {
    expect(MAX_PBKDF2_ITERATIONS).toBe(100_000);
    expect(parseHash(await hashPassword("pw")).iterations).toBe(100_000);
  });

  it("refuses to hash or verify above the Workers cap, naming the limit", async () => {
    await expect(hashPassword("pw", 100_001)).rejects.toThrow(/exceeds 100000/);
    const tooStrong = "pbkdf2-sha256$600000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA";
    await expect(verifyPassword("pw", tooStrong)).rejects.toBeInstanceOf(PasswordHashError);
  });

  it.each([
    ["not a hash"],
    ["bcrypt$10$abc$def"],
    ["pbkdf2-sha256$abc$c2FsdA$aGFzaA"],
    ["pbkdf2-sha256$0$c2FsdA$aGFzaA"],
    ["pbkdf2-sha256$1000$not base64!$aGFzaA"],
    ["pbkdf2-sha256$1000$c2FsdA$aGFzaA$extra"],
  ])("rejects the malformed stored hash %j as a server error, not a wrong password", async (stored) => {
    await expect(verifyPassword("pw", stored)).rejects.toBeInstanceOf(PasswordHashError);
  });
});
