import { describe, expect, it } from "vitest";

import { sameOriginRedirect, toLocalPath } from "@/lib/safe-redirect";

const base = "https://app.example";

describe("redirect callback rule", () => {
  it.each([
    ["/dashboard", "https://app.example/dashboard"],
    ["/admin?tab=1", "https://app.example/admin?tab=1"],
    ["https://app.example/dashboard", "https://app.example/dashboard"],
  ])("keeps the same-origin target %s", (url, expected) => {
    expect(sameOriginRedirect(url, base)).toBe(expected);
  });

  it.each([
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "http://app.example/dashboard",
    "https://app.example.evil.example/",
    "javascript:alert(1)",
    "data:text/html,hi",
    "https://app.example@evil.example/",
    "http://[::1",
  ])("sends %s back to the site root", (url) => {
    expect(sameOriginRedirect(url, base)).toBe("https://app.example/");
  });
});

describe("scheme-relative spellings", () => {
  it("resolves https:evil.example as a path when the site is https, as browsers do", () => {
    expect(sameOriginRedirect("https:evil.example", base)).toBe("https://app.example/evil.example");
  });

  it("refuses https:evil.example when the site is http, where it names another origin", () => {
    expect(sameOriginRedirect("https:evil.example", "http://localhost:3000")).toBe("http://localhost:3000/");
  });
});

describe("callbackUrl on the sign-in page", () => {
  it.each([
    [undefined, "/dashboard"],
    ["/admin", "/admin"],
    ["http://localhost:3000/admin?x=1", "/admin?x=1"],
    ["//evil.example/steal", "/steal"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/dashboard"],
  ])("turns %j into the local path %s", (value, expected) => {
    expect(toLocalPath(value, "/dashboard")).toBe(expected);
  });
});
