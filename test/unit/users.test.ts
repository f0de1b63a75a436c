import { describe, expect, it } from "vitest";

import { hashPassword } from "@/lib/password";
import { findUserByEmail, isDisabled, verifyCredentials, type DirectoryUser } from "@/lib/users";

describe("user directory", () => {
  it("finds the demo accounts by email, ignoring case and spaces", () => {
    expect(findUserByEmail(" Demo@Example.com ")?.role).toBe("user");
    expect(findUserByEmail("admin@example.com")?.role).toBe("admin");
    expect(findUserByEmail("nobody@example.com")).toBeUndefined();
  });

  it("accepts the documented demo passwords", async () => {
    expect((await verifyCredentials("demo@example.com", "demo-password"))?.id).toBe("user-demo");
    expect((await verifyCredentials("admin@example.com", "admin-password"))?.id).toBe("user-admin");
  });

  it("answers a wrong password and an unknown email the same way", async () => {
    expect(await verifyCredentials("demo@example.com", "admin-password")).toBeNull();
    expect(await verifyCredentials("nobody@example.com", "demo-password")).toBeNull();
  });

  it("checks a directory passed in, so callers can bring their own users", async () => {
    const directory: DirectoryUser[] = [
      { id: "u1", email: "a@b.c", name: "A", role: "admin", passwordHash: await hashPassword("pw", 1_000) },
    ];
    expect((await verifyCredentials("a@b.c", "pw", directory))?.role).toBe("admin");
    expect(await verifyCredentials("demo@example.com", "demo-password", directory)).toBeNull();
  });

  it("marks the disabled demo account, and no other", () => {
    expect(isDisabled("disabled@example.com")).toBe(true);
    expect(isDisabled("demo@example.com")).toBe(false);
    expect(isDisabled(undefined)).toBe(false);
  });
});
