import { NextRequest, NextResponse, type NextFetchEvent } from "next/server";
import { describe, expect, it } from "vitest";

import { applyCookieChanges, sessionCookieChanges, withSessionHandoff } from "./session-handoff";

const event = {} as NextFetchEvent;

function request(cookie: string): NextRequest {
  return new NextRequest("http://localhost:3000/dashboard", { headers: { cookie, "x-other": "kept" } });
}

/** What Next's router does with middleware's answer: the headers the render will see. */
function renderHeaders(original: NextRequest, response: Response): Headers {
  const headers = new Headers(original.headers);
  const overridden = response.headers.get("x-middleware-override-headers");
  for (const name of overridden ? overridden.split(",") : []) {
    const value = response.headers.get(`x-middleware-request-${name}`);
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  return headers;
}

describe("the Cookie header the render sees after middleware wrote a session cookie", () => {
  it("replaces the session cookie and keeps the others", () => {
    const changes = sessionCookieChanges(["authjs.session-token=new; Path=/; HttpOnly", "theme=dark; Path=/"]);
    expect(applyCookieChanges("a=1; authjs.session-token=old; b=2", changes)).toBe("a=1; authjs.session-token=new; b=2");
  });

  it("swaps an unchunked cookie for chunks, and chunks back for one cookie", () => {
    const toChunks = sessionCookieChanges([
      "authjs.session-token.0=part0; Path=/",
      "authjs.session-token.1=part1; Path=/",
      "authjs.session-token=; Path=/; Max-Age=0",
    ]);
    expect(applyCookieChanges("authjs.session-token=old", toChunks)).toBe("authjs.session-token.0=part0; authjs.session-token.1=part1");
    const toOne = sessionCookieChanges(["authjs.session-token=whole; Path=/", "authjs.session-token.0=; Max-Age=0", "authjs.session-token.1=; Max-Age=0"]);
    expect(applyCookieChanges("authjs.session-token.0=part0; authjs.session-token.1=part1", toOne)).toBe("authjs.session-token=whole");
  });
});

describe("middleware's session handoff", () => {
  it("hands the render the refreshed cookie and still sets it on the response", async () => {
    const incoming = request("authjs.session-token=old; a=1");
    const middleware = withSessionHandoff(async () => {
      const response = NextResponse.next();
      response.headers.append("set-cookie", "authjs.session-token=new; Path=/; HttpOnly");
      response.headers.set("x-custom", "1");
      return response;
    });
    const response = (await middleware(incoming, event)) as Response;
    expect(renderHeaders(incoming, response).get("cookie")).toBe("authjs.session-token=new; a=1");
    expect(renderHeaders(incoming, response).get("x-other")).toBe("kept");
    expect(response.headers.getSetCookie()).toEqual(["authjs.session-token=new; Path=/; HttpOnly"]);
    expect(response.headers.get("x-custom")).toBe("1");
  });

  it("hands the render no session once middleware cleared it (revoked, signed out)", async () => {
    const incoming = request("authjs.session-token=old");
    const middleware = withSessionHandoff(async () => {
      const response = NextResponse.next();
      response.headers.append("set-cookie", "authjs.session-token=; Path=/; Max-Age=0");
      return response;
    });
    expect(renderHeaders(incoming, (await middleware(incoming, event)) as Response).get("cookie")).toBe("");
  });

  it.each([
    ["an unchanged cookie", () => withCookie(NextResponse.next(), "authjs.session-token=old; Path=/")],
    ["a redirect", () => withCookie(NextResponse.redirect("http://localhost:3000/signin"), "authjs.session-token=new; Path=/")],
    ["no session cookie at all", () => NextResponse.next()],
  ])("leaves the request alone for %s", async (_, answer) => {
    const incoming = request("authjs.session-token=old");
    const response = (await withSessionHandoff(async () => answer())(incoming, event)) as Response;
    expect(response.headers.get("x-middleware-override-headers")).toBeNull();
  });
});

function withCookie(response: NextResponse, line: string): NextResponse {
  response.headers.append("set-cookie", line);
  return response;
}
