import fc from "fast-check";
import { EncryptJWT, SignJWT, base64url, decodeProtectedHeader } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";

import { createJwtCodec, decode, encode } from "./jwt-codec";

import {
  JWE_PARTS,
  asJson,
  claimsArbitrary,
  contentEncryption,
  flipBit,
  saltArbitrary,
  secretArbitrary,
  withoutMintedClaims,
} from "../../test/support/jwt";

const SECRET = "unit-secret-at-least-thirty-two-characters";
const OLD_SECRET = "previous-secret-at-least-thirty-two-chars";
const SALT = "authjs.session-token";
const CLAIMS = { name: "Demo User", email: "demo@example.com", sub: "user-demo", id: "user-demo", role: "user" as const };
const DAY = 24 * 60 * 60;
const MAX_AGE = 30 * DAY;

afterEach(() => {
  vi.useRealTimers();
});

function at(isoTime: string): void {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(isoTime));
}

/** One session read as Auth.js does it: decode, `jwt` callback, encode. */
async function sessionRead(
  codec: { encode: typeof encode; decode: typeof decode },
  token: string,
  jwtCallback: (claims: Record<string, unknown>) => Record<string, unknown> = (claims) => claims,
  secret: string | string[] = SECRET,
  maxAge = MAX_AGE,
): Promise<string> {
  const claims = await codec.decode({ token, secret, salt: SALT });
  if (claims === null) throw new Error("the token did not decode");
  return codec.encode({ token: jwtCallback(claims), secret, salt: SALT, maxAge });
}

describe("jwt codec round trip", () => {
  it("gives back any claims it encoded, with iat, exp = iat + maxAge and a jti", async () => {
    await fc.assert(
      fc.asyncProperty(claimsArbitrary, secretArbitrary, saltArbitrary, async (claims, secret, salt) => {
        const token = await encode({ token: claims, secret, salt, maxAge: 3600 });
        const decoded = await decode({ token, secret, salt });
        expect(withoutMintedClaims(decoded)).toEqual(asJson(claims));
        expect(decoded?.exp).toBe(Number(decoded?.iat) + 3600);
        expect(decoded?.jti).toMatch(/^[0-9a-f-]{36}$/);
      }),
      { numRuns: 60 },
    );
  });

  it("mints A256GCM with dir key management and a key id", async () => {
    const token = await encode({ token: CLAIMS, secret: SECRET, salt: SALT });
    expect(decodeProtectedHeader(token)).toEqual({ alg: "dir", enc: "A256GCM", kid: expect.any(String) });
  });

  it("does not read a token with another cookie name as salt", async () => {
    const token = await encode({ token: CLAIMS, secret: SECRET, salt: SALT });
    await expect(decode({ token, secret: SECRET, salt: `__Secure-${SALT}` })).rejects.toThrow();
  });
});

describe("secret rotation", () => {
  it("encodes with the first secret and decodes with any in the list", async () => {
    const old = await encode({ token: CLAIMS, secret: OLD_SECRET, salt: SALT });
    const current = await encode({ token: CLAIMS, secret: [SECRET, OLD_SECRET], salt: SALT });

    expect(await decode({ token: old, secret: [SECRET, OLD_SECRET], salt: SALT })).toMatchObject(CLAIMS);
    expect(await decode({ token: current, secret: SECRET, salt: SALT })).toMatchObject(CLAIMS);
    await expect(decode({ token: current, secret: OLD_SECRET, salt: SALT })).rejects.toThrow();
  });

  it("signs out a token whose secret was dropped from the list", async () => {
    const old = await encode({ token: CLAIMS, secret: OLD_SECRET, salt: SALT });
    await expect(decode({ token: old, secret: [SECRET], salt: SALT })).rejects.toThrow();
  });

  it("tries a token without kid with the first secret only, as stock Auth.js does", async () => {
    const key = await hkdfKey(OLD_SECRET, 32);
    const token = await new EncryptJWT(CLAIMS).setProtectedHeader({ alg: "dir", enc: "A256GCM" }).encrypt(key);
    expect(await decode({ token, secret: [OLD_SECRET, SECRET], salt: SALT })).toMatchObject(CLAIMS);
    await expect(decode({ token, secret: [SECRET, OLD_SECRET], salt: SALT })).rejects.toThrow();
  });
});

describe("expiry and clock tolerance", () => {
  it("accepts a token for less than 15 seconds past exp and signs out from then on", async () => {
    at("2026-01-01T00:00:00Z");
    const token = await encode({ token: CLAIMS, secret: SECRET, salt: SALT, maxAge: 60 });

    vi.setSystemTime(new Date("2026-01-01T00:01:14Z"));
    expect(await decode({ token, secret: SECRET, salt: SALT })).toMatchObject(CLAIMS);
    vi.setSystemTime(new Date("2026-01-01T00:01:15Z"));
    await expect(decode({ token, secret: SECRET, salt: SALT })).rejects.toThrow();
  });

  it("refuses a token whose nbf is more than 15 seconds ahead", async () => {
    at("2026-01-01T00:00:00Z");
    const now = Date.now() / 1000;
    const soon = await encode({ token: { ...CLAIMS, nbf: now + 15 }, secret: SECRET, salt: SALT });
    const later = await encode({ token: { ...CLAIMS, nbf: now + 16 }, secret: SECRET, salt: SALT });
    expect(await decode({ token: soon, secret: SECRET, salt: SALT })).toMatchObject(CLAIMS);
    await expect(decode({ token: later, secret: SECRET, salt: SALT })).rejects.toThrow();
  });
});

describe("hostile tokens are refused with a reason, never read", () => {
  it("refuses any string", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 300, unit: "binary" }), async (garbage) => {
        await expect(decode({ token: garbage, secret: SECRET, salt: SALT })).rejects.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it("refuses five dot-separated base64url parts that are not a token of ours", async () => {
    const part = fc.uint8Array({ maxLength: 64 }).map((bytes) => base64url.encode(bytes));
    await fc.assert(
      fc.asyncProperty(fc.tuple(part, part, part, part, part), async (parts) => {
        await expect(decode({ token: parts.join("."), secret: SECRET, salt: SALT })).rejects.toThrow();
      }),
      { numRuns: 200 },
    );
  });

  it("returns null when any bit of the header, IV, ciphertext or tag is flipped", async () => {
    const token = await encode({ token: CLAIMS, secret: SECRET, salt: SALT });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.values(JWE_PARTS)), fc.nat(), async (part, bit) => {
        await expect(decode({ token: flipBit(token, part, bit), secret: SECRET, salt: SALT })).rejects.toThrow();
      }),
      { numRuns: 200 },
    );
  });

  it("refuses an encrypted key slipped into a dir token", async () => {
    const token = await encode({ token: CLAIMS, secret: SECRET, salt: SALT });
    const [header, , ...rest] = token.split(".");
    await expect(decode({ token: [header, "AAAA", ...rest].join("."), secret: SECRET, salt: SALT })).rejects.toThrow();
  });

  it("refuses a signed (JWS) or unsecured token carrying the same claims", async () => {
    const body = base64url.encode(JSON.stringify(CLAIMS));
    const unsecured = `${base64url.encode(JSON.stringify({ alg: "none" }))}.${body}.`;
    const signed = await new SignJWT(CLAIMS).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(SECRET));
    await expect(decode({ token: unsecured, secret: SECRET, salt: SALT })).rejects.toThrow();
    await expect(decode({ token: signed, secret: SECRET, salt: SALT })).rejects.toThrow();
  });

  it("refuses a content encryption stock Auth.js does not accept", async () => {
    const key = (await hkdfKey(SECRET, 16)) as Uint8Array<ArrayBuffer>;
    const token = await new EncryptJWT(CLAIMS).setProtectedHeader({ alg: "dir", enc: "A128GCM" }).encrypt(key);
    await expect(decode({ token, secret: SECRET, salt: SALT })).rejects.toThrow();
  });

  it("refuses a tampered 1 MB token", async () => {
    const token = await encode({ token: { ...CLAIMS, padding: "x".repeat(1_000_000) }, secret: SECRET, salt: SALT });
    await expect(decode({ token: `${token}x`, secret: SECRET, salt: SALT })).rejects.toThrow();
  });

  it("returns null for a missing or empty token", async () => {
    expect(await decode({ token: undefined, secret: SECRET, salt: SALT })).toBeNull();
    expect(await decode({ token: "", secret: SECRET, salt: SALT })).toBeNull();
  });
});

describe("what stock Auth.js refuses, refused the same way", () => {
  it("says why a token is refused: expired, no matching secret, tampered", async () => {
    at("2026-01-01T00:00:00Z");
    const token = await encode({ token: CLAIMS, secret: SECRET, salt: SALT, maxAge: 60 });
    await expect(decode({ token, secret: OLD_SECRET, salt: SALT })).rejects.toThrow(/no secret matches/);
    await expect(decode({ token: flipBit(token, JWE_PARTS.tag, 3), secret: SECRET, salt: SALT })).rejects.toMatchObject({ code: "ERR_JWE_DECRYPTION_FAILED" });
    vi.setSystemTime(new Date("2026-01-01T00:02:00Z"));
    await expect(decode({ token, secret: SECRET, salt: SALT })).rejects.toMatchObject({ code: "ERR_JWT_EXPIRED" });
  });

  it("keeps an expired token's claims (which can hold the provider's tokens) out of the error Auth.js logs", async () => {
    at("2026-01-01T00:00:00Z");
    const token = await encode({ token: { ...CLAIMS, refreshToken: "refresh-secret" }, secret: SECRET, salt: SALT, maxAge: 60 });
    vi.setSystemTime(new Date("2026-01-01T00:02:00Z"));
    const error: unknown = await decode({ token, secret: SECRET, salt: SALT }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ERR_JWT_EXPIRED", claim: "exp" });
    expect(JSON.stringify({ ...(error as object), cause: (error as Error).cause })).not.toMatch(/refresh-secret|demo@example/);
  });

  it("mints and reads nothing with no secret, an empty secret or no salt", async () => {
    const { encode: stockEncode } = await import("@auth/core/jwt");
    const token = await encode({ token: CLAIMS, secret: SECRET, salt: SALT });
    for (const secret of ["", [], [SECRET, ""]]) {
      await expect(encode({ token: CLAIMS, secret, salt: SALT })).rejects.toThrow(/secret/);
      await expect(decode({ token, secret, salt: SALT })).rejects.toThrow(/secret/);
    }
    await expect(encode({ token: CLAIMS, secret: SECRET, salt: undefined as unknown as string })).rejects.toThrow(/salt/);
    await expect(decode({ token, secret: SECRET, salt: "" })).rejects.toThrow(/salt/);
    // Where stock refuses too (it cannot derive a key from an empty secret or without a salt).
    await expect(stockEncode({ token: CLAIMS, secret: "", salt: SALT })).rejects.toThrow();
    await expect(stockEncode({ token: CLAIMS, secret: SECRET, salt: undefined as unknown as string })).rejects.toThrow();
  });
});

describe("session.maxAge and session.updateAge from the config", () => {
  it("keeps a user who reads every 20 minutes signed in for a day with a 1-hour maxAge and the default updateAge", async () => {
    const codec = createJwtCodec({ updateAge: DAY });
    at("2026-01-01T00:00:00Z");
    let token = await codec.encode({ token: CLAIMS, secret: SECRET, salt: SALT, maxAge: 3600 });
    for (let read = 1; read <= 72; read++) {
      vi.setSystemTime(new Date(Date.parse("2026-01-01T00:00:00Z") + read * 20 * 60_000));
      token = await sessionRead(codec, token, undefined, SECRET, 3600);
    }
    const claims = await codec.decode({ token, secret: SECRET, salt: SALT });
    expect(Number(claims?.exp)).toBeGreaterThan(Date.now() / 1000 + 1800);
  });

  it("reuses a token for at most half its maxAge, however long updateAge is", async () => {
    const codec = createJwtCodec({ updateAge: DAY });
    at("2026-01-01T00:00:00Z");
    const token = await codec.encode({ token: CLAIMS, secret: SECRET, salt: SALT, maxAge: 3600 });
    vi.setSystemTime(new Date("2026-01-01T00:29:59Z"));
    expect(await sessionRead(codec, token, undefined, SECRET, 3600)).toBe(token);
    vi.setSystemTime(new Date("2026-01-01T00:30:00Z"));
    expect(await sessionRead(codec, token, undefined, SECRET, 3600)).not.toBe(token);
  });

  it("signs out a user who stayed away longer than maxAge", async () => {
    const codec = createJwtCodec({ updateAge: DAY });
    at("2026-01-01T00:00:00Z");
    const token = await codec.encode({ token: CLAIMS, secret: SECRET, salt: SALT, maxAge: 3600 });
    vi.setSystemTime(new Date("2026-01-01T01:00:16Z"));
    await expect(sessionRead(codec, token, undefined, SECRET, 3600)).rejects.toMatchObject({ code: "ERR_JWT_EXPIRED" });
  });
});

describe("a session read reuses the incoming token while nothing changed", () => {
  it("returns the same token when the claims are unchanged and it is younger than updateAge", async () => {
    const codec = createJwtCodec({ updateAge: DAY });
    at("2026-01-01T00:00:00Z");
    const token = await codec.encode({ token: CLAIMS, secret: SECRET, salt: SALT, maxAge: MAX_AGE });
    vi.setSystemTime(new Date("2026-01-01T23:59:59Z"));
    expect(await sessionRead(codec, token)).toBe(token);
  });

  it("mints a new token, with exp moved forward, once the token is updateAge old", async () => {
    const codec = createJwtCodec({ updateAge: DAY });
    at("2026-01-01T00:00:00Z");
    const token = await codec.encode({ token: CLAIMS, secret: SECRET, salt: SALT, maxAge: MAX_AGE });
    vi.setSystemTime(new Date("2026-01-02T00:00:00Z"));
    const next = await sessionRead(codec, token);
    expect(next).not.toBe(token);
    const claims = await codec.decode({ token: next, secret: SECRET, salt: SALT });
    expect(claims?.exp).toBe(Date.parse("2026-01-02T00:00:00Z") / 1000 + MAX_AGE);
  });

  it("mints a new token when the jwt callback changed a claim, even deep inside", async () => {
    const codec = createJwtCodec({ updateAge: DAY });
    const token = await codec.encode({ token: { ...CLAIMS, prefs: { theme: "dark" } }, secret: SECRET, salt: SALT, maxAge: MAX_AGE });
    const renamed = await sessionRead(codec, token, (claims) => Object.assign(claims, { name: "New Name" }));
    const nested = await sessionRead(codec, token, (claims) => {
      (claims.prefs as { theme: string }).theme = "light";
      return claims;
    });
    expect(renamed).not.toBe(token);
    expect(await codec.decode({ token: renamed, secret: SECRET, salt: SALT })).toMatchObject({ name: "New Name" });
    expect(nested).not.toBe(token);
    expect(await codec.decode({ token: nested, secret: SECRET, salt: SALT })).toMatchObject({ prefs: { theme: "light" } });
  });

  it("mints a new token when the callback returns a new object with the same claims", async () => {
    const codec = createJwtCodec({ updateAge: DAY });
    const token = await codec.encode({ token: CLAIMS, secret: SECRET, salt: SALT, maxAge: MAX_AGE });
    expect(await sessionRead(codec, token, (claims) => ({ ...claims }))).not.toBe(token);
  });

  it("re-mints with the new secret a token that decoded with an older one", async () => {
    const codec = createJwtCodec({ updateAge: DAY });
    const token = await codec.encode({ token: CLAIMS, secret: OLD_SECRET, salt: SALT, maxAge: MAX_AGE });
    const next = await sessionRead(codec, token, undefined, [SECRET, OLD_SECRET]);
    expect(next).not.toBe(token);
    expect(await codec.decode({ token: next, secret: SECRET, salt: SALT })).toMatchObject(CLAIMS);
  });

  it("upgrades an A256CBC-HS512 token to A256GCM on the first read", async () => {
    const codec = createJwtCodec({ updateAge: DAY });
    const { encode: stockEncode } = await import("@auth/core/jwt");
    const token = await stockEncode({ token: CLAIMS, secret: SECRET, salt: SALT, maxAge: MAX_AGE });
    expect(contentEncryption(token)).toBe("A256CBC-HS512");
    expect(contentEncryption(await sessionRead(codec, token))).toBe("A256GCM");
  });

  it("re-mints when maxAge changed since the token was made", async () => {
    const codec = createJwtCodec({ updateAge: DAY });
    const token = await codec.encode({ token: CLAIMS, secret: SECRET, salt: SALT, maxAge: 7 * DAY });
    expect(await sessionRead(codec, token)).not.toBe(token);
  });

  it("re-mints on every read with updateAge 0, as stock Auth.js does", async () => {
    const codec = createJwtCodec({ updateAge: 0 });
    const token = await codec.encode({ token: CLAIMS, secret: SECRET, salt: SALT, maxAge: MAX_AGE });
    expect(await sessionRead(codec, token)).not.toBe(token);
  });

  it("never hands back a token past its exp, even within updateAge", async () => {
    const codec = createJwtCodec({ updateAge: DAY });
    at("2026-01-01T00:00:00Z");
    const token = await codec.encode({ token: CLAIMS, secret: SECRET, salt: SALT, maxAge: 60 });
    vi.setSystemTime(new Date("2026-01-01T00:01:10Z"));
    const claims = await codec.decode({ token, secret: SECRET, salt: SALT });
    expect(claims).not.toBeNull();
    const next = await codec.encode({ token: claims ?? {}, secret: SECRET, salt: SALT, maxAge: 60 });
    expect(next).not.toBe(token);
  });
});

/** Stock Auth.js's key derivation, spelled out for tokens the codec cannot make itself. */
async function hkdfKey(secret: string, length: number): Promise<Uint8Array> {
  const { hkdf } = await import("@panva/hkdf");
  return hkdf("sha256", secret, SALT, `Auth.js Generated Encryption Key (${SALT})`, length);
}
