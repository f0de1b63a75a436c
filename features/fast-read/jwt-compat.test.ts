import { decode as stockDecode, encode as stockEncode } from "@auth/core/jwt";
import fc from "fast-check";
import { getToken } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";

import { decode, encode } from "./jwt-codec";

import { asJson, claimsArbitrary, contentEncryption, saltArbitrary, secretArbitrary, settle, withoutMintedClaims } from "../../test/support/jwt";

/**
 * The template's codec against stock Auth.js (`@auth/core/jwt` and next-auth's `getToken()`),
 * both ways, over random claims, secrets and cookie names. Stock is the reference: whatever
 * it accepts or refuses, the template must too, so deploying or rolling back the template
 * never signs anyone out.
 */

const SALT = "authjs.session-token";

afterEach(() => {
  vi.useRealTimers();
});

describe("tokens minted by the template", () => {
  it("decode with stock Auth.js to the same claims", async () => {
    await fc.assert(
      fc.asyncProperty(claimsArbitrary, secretArbitrary, saltArbitrary, async (claims, secret, salt) => {
        const token = await encode({ token: claims, secret, salt });
        expect(contentEncryption(token)).toBe("A256GCM");
        expect(withoutMintedClaims(await stockDecode({ token, secret, salt }))).toEqual(asJson(claims));
      }),
      { numRuns: 60 },
    );
  });

  it("decode with next-auth getToken() from the cookie, plain or __Secure-, and from a Bearer header", async () => {
    await fc.assert(
      fc.asyncProperty(claimsArbitrary, secretArbitrary, fc.boolean(), async (claims, secret, secureCookie) => {
        const cookieName = secureCookie ? `__Secure-${SALT}` : SALT;
        const token = await encode({ token: claims, secret, salt: cookieName });
        const fromCookie = new Request("https://example.com/", { headers: { cookie: `${cookieName}=${token}` } });
        const fromHeader = new Request("https://example.com/", { headers: { authorization: `Bearer ${token}` } });
        expect(withoutMintedClaims(await getToken({ req: fromCookie, secret, secureCookie }))).toEqual(asJson(claims));
        expect(withoutMintedClaims(await getToken({ req: fromHeader, secret, secureCookie }))).toEqual(asJson(claims));
      }),
      { numRuns: 40 },
    );
  });
});

describe("tokens minted by stock Auth.js (and earlier template versions)", () => {
  it("decode with the template to the same claims", async () => {
    await fc.assert(
      fc.asyncProperty(claimsArbitrary, secretArbitrary, saltArbitrary, async (claims, secret, salt) => {
        const token = await stockEncode({ token: claims, secret, salt });
        expect(contentEncryption(token)).toBe("A256CBC-HS512");
        expect(withoutMintedClaims(await decode({ token, secret, salt }))).toEqual(asJson(claims));
      }),
      { numRuns: 60 },
    );
  });
});

describe("the template accepts and refuses exactly what stock Auth.js does", () => {
  const SECRET = "first-secret-0123456789abcdef0123456789";
  const pool = [SECRET, "second-secret-0123456789abcdef012345", "third-secret-0123456789abcdef0123456"];
  /** A list of secrets as Auth.js builds it from AUTH_SECRET and AUTH_SECRET_1..3: the first one encodes. */
  const secretList = fc
    .tuple(fc.constantFrom(...pool), fc.shuffledSubarray(pool))
    .map(([primary, others]) => [primary, ...others.filter((secret) => secret !== primary)]);

  it("under secret rotation: minted with one list of secrets, read with another", async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), secretList, secretList, async (mintWithStock, mintSecrets, readSecrets) => {
        const [primary] = mintSecrets;
        const mint = mintWithStock ? stockEncode : encode;
        const token = await mint({ token: { sub: "user" }, secret: mintSecrets, salt: SALT });
        const stock = await settle(stockDecode({ token, secret: readSecrets, salt: SALT }));
        const template = await settle(decode({ token, secret: readSecrets, salt: SALT }));
        expect(template).toEqual(stock);
        expect(template === null).toBe(!readSecrets.some((secret) => secret === primary));
      }),
      { numRuns: 60 },
    );
  });

  it("around exp and nbf, within and beyond the 15 s clock tolerance", async () => {
    const start = Date.parse("2026-01-01T00:00:00Z");
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.integer({ min: 1, max: 120 }),
        fc.option(fc.integer({ min: -30, max: 30 })),
        fc.integer({ min: -30, max: 150 }),
        async (mintWithStock, maxAge, nbfOffset, readAfter) => {
          vi.useFakeTimers({ toFake: ["Date"] });
          vi.setSystemTime(start);
          const claims = nbfOffset === null ? { sub: "user" } : { sub: "user", nbf: start / 1000 + nbfOffset };
          const token = await (mintWithStock ? stockEncode : encode)({ token: claims, secret: SECRET, salt: SALT, maxAge });

          vi.setSystemTime(start + readAfter * 1000);
          const stock = await settle(stockDecode({ token, secret: SECRET, salt: SALT }));
          expect(await settle(decode({ token, secret: SECRET, salt: SALT }))).toEqual(stock);
        },
      ),
      { numRuns: 150 },
    );
  });
});
