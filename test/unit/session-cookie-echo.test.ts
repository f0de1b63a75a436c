import { describe, expect, it } from "vitest";

import { isEchoedSessionCookie } from "@/lib/session-cookie-echo";

const sent = (cookies: Record<string, string>) => (name: string) => cookies[name];

describe("a Set-Cookie line that only echoes the session cookie the request sent", () => {
  it.each(["authjs.session-token", "__Secure-authjs.session-token", "authjs.session-token.0", "__Secure-authjs.session-token.1"])(
    "is recognised for %s with the same value",
    (name) => {
      const line = `${name}=tok.en; Path=/; Expires=Wed, 01 Jan 2031 00:00:00 GMT; HttpOnly; SameSite=Lax`;
      expect(isEchoedSessionCookie(line, sent({ [name]: "tok.en" }))).toBe(true);
    },
  );

  it.each([
    ["a new token", "authjs.session-token=new; Path=/", { "authjs.session-token": "old" }],
    ["a first token (no cookie sent)", "authjs.session-token=new; Path=/", {}],
    ["a cleared cookie", "authjs.session-token=; Path=/; Max-Age=0", { "authjs.session-token": "" }],
    ["another chunk's value", "authjs.session-token.1=a; Path=/", { "authjs.session-token.0": "a" }],
    ["the CSRF cookie", "authjs.csrf-token=same; Path=/", { "authjs.csrf-token": "same" }],
    ["a malformed line", "authjs.session-token", { "authjs.session-token": "x" }],
  ])("is not claimed for %s", (_, line, cookies) => {
    expect(isEchoedSessionCookie(line, sent(cookies))).toBe(false);
  });
});
