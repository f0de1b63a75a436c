import { describe, expect, it } from "vitest";

import { describeSignInError } from "@/lib/auth-errors";

describe("sign-in error messages", () => {
  it("does not say which of email or password was wrong", () => {
    const message = describeSignInError("CredentialsSignin");
    expect(message).toBe("Wrong email or password.");
  });

  it("answers unknown or hostile error codes with a generic line, never echoing them", () => {
    expect(describeSignInError("<script>alert(1)</script>")).toBe("Sign-in failed. Please try again.");
    expect(describeSignInError("constructor")).toBe("Sign-in failed. Please try again.");
  });

  it("shows the sign-in limit's line for Auth.js's own report of it, and nothing else a code says", () => {
    expect(describeSignInError("CredentialsSignin", "TooManyAttempts")).toBe("Too many sign-in attempts. Please wait and try again.");
    expect(describeSignInError("TooManyAttempts")).toBe("Too many sign-in attempts. Please wait and try again.");
    expect(describeSignInError("CredentialsSignin", "Configuration")).toBe("Wrong email or password.");
    expect(describeSignInError("CredentialsSignin", "<b>x</b>")).toBe("Wrong email or password.");
  });
});
