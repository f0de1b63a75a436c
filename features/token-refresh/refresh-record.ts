import { base64url } from "jose";

import { parseProviderTokens, type ProviderTokens, type RefreshError } from "./provider-tokens";

/**
 * How a rotation's outcome is kept in a shared store without handing tokens to whoever can
 * read the store: both the record's id and its AES-GCM key are derived (HKDF-SHA256) from the
 * refresh token it replaces and the session secret. Only a request that holds that refresh
 * token (inside a session cookie this app encrypted) finds the record and can open it; the
 * store sees a hash and ciphertext.
 */
export type RefreshOutcome = { tokens: ProviderTokens } | { error: RefreshError };

export interface RecordKeys {
  id: string;
  key: CryptoKey;
}

const text = new TextEncoder();

export async function recordKeys(refreshToken: string, secret: string): Promise<RecordKeys> {
  const material = await crypto.subtle.importKey("raw", text.encode(refreshToken), "HKDF", false, ["deriveBits"]);
  const derive = async (info: string) =>
    new Uint8Array(
      await crypto.subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: text.encode(secret), info: text.encode(info) }, material, 256),
    );
  const id = base64url.encode(await derive("edge-auth refresh record id"));
  const key = await crypto.subtle.importKey("raw", await derive("edge-auth refresh record key"), "AES-GCM", false, ["encrypt", "decrypt"]);
  return { id, key };
}

export async function sealOutcome(outcome: RefreshOutcome, { id, key }: RecordKeys): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  // The id as additional data: a record copied under another id does not open.
  const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: text.encode(id) }, key, text.encode(JSON.stringify(outcome)));
  return `${base64url.encode(iv)}.${base64url.encode(new Uint8Array(sealed))}`;
}

/** The outcome, or undefined for anything that does not open and parse: a bad record counts as none. */
export async function openOutcome(sealed: string, { id, key }: RecordKeys): Promise<RefreshOutcome | undefined> {
  const [iv, data] = sealed.split(".");
  if (!iv || !data) return undefined;
  let value: unknown;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: new Uint8Array(base64url.decode(iv)), additionalData: text.encode(id) },
      key,
      new Uint8Array(base64url.decode(data)),
    );
    value = JSON.parse(new TextDecoder().decode(plain));
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { tokens, error } = value as Record<string, unknown>;
  if (error === "RefreshTokenError") return { error };
  const parsed = parseProviderTokens(tokens);
  return parsed && { tokens: parsed };
}
