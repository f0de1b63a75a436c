import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { safeRedirectPath, sameOriginRedirect } from "@/lib/safe-redirect";

const base = "https://app.example";

/** Spellings that parse, after a browser's normalisation, to a path starting with `//`. */
const normalisedToProtocolRelative = [
  "/.//evil.example",
  "/..//evil.example",
  "/%2e//evil.example",
  "/%2E%2E//evil.example",
  "/a/..//evil.example",
  "/.\\/evil.example",
  "/./\\evil.example",
  "https://app.example//evil.example",
  "https://app.example/.//evil.example",
];

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

  it.each(normalisedToProtocolRelative)("collapses %s to a single leading slash on this origin", (url) => {
    const target = new URL(sameOriginRedirect(url, base));
    expect(target.origin).toBe(base);
    expect(target.pathname).toBe("/evil.example");
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
  it.each<[string | undefined, string]>([
    [undefined, "/dashboard"],
    ["/admin", "/admin"],
    ["http://localhost:3000/admin?x=1", "/admin?x=1"],
    ["//evil.example/steal", "/steal"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/dashboard"],
    ...normalisedToProtocolRelative.map((url): [string, string] => [url, "/evil.example"]),
  ])("turns %j into the local path %s", (value, expected) => {
    expect(safeRedirectPath(value, "/dashboard")).toBe(expected);
  });
});

// Pieces attackers combine; fast-check strings of them, plus arbitrary unicode, hit the parser's corners.
const piece = fc.constantFrom(
  "/", "//", "\\", ".", "..", "%2e", "%2E", "%2f", "%5c", "%09", "\t", "\n", " ", "@", ":", "?", "#",
  "http:", "https:", "javascript:", "evil.example", "app.example", "https://app.example", "localhost", "[::1]", "%00",
);
const hostile = fc.oneof(fc.array(piece, { maxLength: 10 }).map((parts) => parts.join("")), fc.string({ unit: "binary", maxLength: 40 }));

describe("property: what a browser does with the result stays on this site", () => {
  it("the sign-in page's path starts with exactly one slash, holds no backslash, and resolves to this origin from any page", () => {
    fc.assert(
      fc.property(hostile, fc.constantFrom("/", "/signin", "/a/b/c"), (input, page) => {
        const path = safeRedirectPath(input, "/dashboard");
        expect(path.startsWith("/")).toBe(true);
        expect(path.startsWith("//")).toBe(false);
        expect(path.includes("\\")).toBe(false);
        // A browser resolves a Location against the page it was sent from.
        expect(new URL(path, new URL(page, base)).origin).toBe(base);
      }),
      { numRuns: 5000 },
    );
  });

  it("the redirect callback's URL is on this origin, and its path starts with exactly one slash", () => {
    fc.assert(
      fc.property(hostile, (input) => {
        const target = new URL(sameOriginRedirect(input, base));
        expect(target.origin).toBe(base);
        expect(target.pathname.startsWith("//")).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });
});
