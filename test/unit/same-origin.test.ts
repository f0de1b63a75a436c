import { describe, expect, it } from "vitest";

import { isSameOrigin } from "@/lib/same-origin";

const headers = (values: Record<string, string>) => new Headers(values);

describe("isSameOrigin: is a state-changing request from the app's own pages?", () => {
  it("compares Origin with AUTH_URL's origin when it is set, whatever the request says of its host", () => {
    expect(isSameOrigin(headers({ origin: "https://app.example", host: "internal:3000" }), "https://app.example/")).toBe(true);
    expect(isSameOrigin(headers({ origin: "https://evil.example", host: "evil.example" }), "https://app.example")).toBe(false);
    expect(isSameOrigin(headers({ origin: "http://app.example", host: "app.example" }), "https://app.example")).toBe(false);
  });

  it("without AUTH_URL, compares Origin's host with Host", () => {
    expect(isSameOrigin(headers({ origin: "http://localhost:3000", host: "localhost:3000" }), undefined)).toBe(true);
    expect(isSameOrigin(headers({ origin: "http://localhost:3000", host: "LOCALHOST:3000" }), undefined)).toBe(true);
    expect(isSameOrigin(headers({ origin: "https://evil.example", host: "app.example" }), undefined)).toBe(false);
  });

  it("never trusts a forwarding header the client sent along with a matching Origin", () => {
    const forged = { origin: "https://evil.example", host: "app.example", "x-forwarded-host": "evil.example", forwarded: "host=evil.example" };
    expect(isSameOrigin(headers(forged), undefined)).toBe(false);
    expect(isSameOrigin(headers(forged), "https://app.example")).toBe(false);
  });

  it("refuses a missing, null or unparsable Origin", () => {
    expect(isSameOrigin(headers({ host: "app.example" }), undefined)).toBe(false);
    expect(isSameOrigin(headers({ origin: "null", host: "app.example" }), undefined)).toBe(false);
    expect(isSameOrigin(headers({ origin: "::", host: "app.example" }), "https://app.example")).toBe(false);
  });
});
