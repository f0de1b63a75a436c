import { describe, expect, it } from "vitest";

import { EnvError } from "@/lib/env";

import { getClientIp, normalizeIp, type ClientIpEnv } from "./client-ip";
import { parseClientIpHeader } from "./env";

const forged = {
  "x-forwarded-for": "203.0.113.1, 198.51.100.7",
  "cf-connecting-ip": "192.0.2.2",
  "x-real-ip": "192.0.2.3",
};
const request = (headers: Record<string, string> = forged) => new Request("http://localhost/api/auth/callback/credentials", { headers });
const nowhere: ClientIpEnv = { onVercel: false, onCloudflare: false };

describe("getClientIp: only a source the client cannot forge", () => {
  it.each<[string, ClientIpEnv, string | undefined]>([
    ["next start with nothing named: none of the client's headers", nowhere, undefined],
    ["Cloudflare: cf-connecting-ip", { ...nowhere, onCloudflare: true }, "192.0.2.2"],
    ["Vercel: x-real-ip (ipAddress())", { ...nowhere, onVercel: true }, "192.0.2.3"],
    ["a named proxy's header wins over the platform's", { header: "x-real-ip", onVercel: false, onCloudflare: true }, "192.0.2.3"],
    ["x-forwarded-for named: the entry the proxy appended, not the client's first", { ...nowhere, header: "x-forwarded-for" }, "198.51.100.7"],
  ])("%s", (_name, env, expected) => {
    expect(getClientIp(request(), env)).toBe(expected);
  });

  it("has no IP when the named header is missing or is not an address", () => {
    const env = { ...nowhere, header: "x-real-ip" };
    expect(getClientIp(request({}), env)).toBeUndefined();
    expect(getClientIp(request({ "x-real-ip": "unknown" }), env)).toBeUndefined();
    expect(getClientIp(request({ "x-real-ip": "1.2.3.4:443" }), env)).toBeUndefined();
  });
});

describe("normalizeIp", () => {
  it.each<[string, string | undefined]>([
    ["203.0.113.9", "203.0.113.9"],
    [" 203.0.113.9 ", "203.0.113.9"],
    ["203.000.113.009", "203.0.113.9"],
    ["256.1.1.1", undefined],
    // One subscriber's /64 is one counter, however it is spelled.
    ["2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"],
    ["2001:0db8:0001:0002:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"],
    ["2001:DB8:1:2::", "2001:db8:1:2::/64"],
    ["::ffff:203.0.113.9", "203.0.113.9"],
    ["::1", "0:0:0:0::/64"],
    ["fe80::1%eth0", undefined],
    ["not an ip", undefined],
    ["", undefined],
  ])("%j → %j", (raw, expected) => {
    expect(normalizeIp(raw)).toBe(expected);
  });
});

describe("AUTH_CLIENT_IP_HEADER", () => {
  it("is one header name, lower-cased; unset or empty is none", () => {
    expect(parseClientIpHeader({ AUTH_CLIENT_IP_HEADER: "X-Real-IP" })).toBe("x-real-ip");
    expect(parseClientIpHeader({ AUTH_CLIENT_IP_HEADER: " " })).toBeUndefined();
    expect(parseClientIpHeader({ AUTH_CLIENT_IP_HEADER: "Fly-Client-IP" })).toBe("fly-client-ip");
  });

  it("refuses anything that is not a header name, naming the variable", () => {
    for (const value of ["x-real-ip, x-forwarded-for", "x real ip", "x-real-ip:"]) {
      expect(() => parseClientIpHeader({ AUTH_CLIENT_IP_HEADER: value })).toThrow(EnvError);
      expect(() => parseClientIpHeader({ AUTH_CLIENT_IP_HEADER: value })).toThrow(/AUTH_CLIENT_IP_HEADER/);
    }
  });
});
