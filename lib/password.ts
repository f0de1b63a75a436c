/**
 * Password hashing with PBKDF2-SHA256 through WebCrypto (`crypto.subtle`), which every edge
 * runtime provides natively; pure-JS bcrypt would burn the edge CPU budget instead.
 *
 * Stored format: `pbkdf2-sha256$<iterations>$<salt, base64url>$<hash, base64url>`.
 * The iteration count travels inside each hash so it can be raised later without a migration.
 */

/**
 * Cloudflare Workers reject PBKDF2 above 100,000 iterations in production, although local
 * workerd does not enforce it, so a higher count would pass every local test and then fail
 * every deployed sign-in. @see https://github.com/cloudflare/workerd/issues/1346
 */
export const MAX_PBKDF2_ITERATIONS = 100_000;

const SCHEME = "pbkdf2-sha256";
const HASH_BYTES = 32;
const SALT_BYTES = 16;

export class PasswordHashError extends Error {
  name = "PasswordHashError";
}

interface ParsedHash {
  iterations: number;
  salt: Uint8Array<ArrayBuffer>;
  hash: Uint8Array<ArrayBuffer>;
}

export async function hashPassword(
  password: string,
  iterations: number = MAX_PBKDF2_ITERATIONS,
): Promise<string> {
  assertIterations(iterations);
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, iterations);
  return [SCHEME, iterations, toBase64Url(salt), toBase64Url(hash)].join("$");
}

/**
 * Throws `PasswordHashError` for a malformed stored hash or one above the Workers cap: that is
 * a server misconfiguration, not a wrong password, and it is refused before any key derivation.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const { iterations, salt, hash } = parseHash(stored);
  const candidate = await derive(password, salt, iterations);
  return timingSafeEqual(candidate, hash);
}

export function parseHash(stored: string): ParsedHash {
  const [scheme, count, salt, hash, ...rest] = stored.split("$");
  if (scheme !== SCHEME || !count || !salt || !hash || rest.length > 0) {
    throw new PasswordHashError(`Stored password hash is not in "${SCHEME}$iterations$salt$hash" form`);
  }
  const iterations = Number(count);
  assertIterations(iterations);
  return { iterations, salt: fromBase64Url(salt), hash: fromBase64Url(hash) };
}

function assertIterations(iterations: number): void {
  if (!Number.isSafeInteger(iterations) || iterations < 1) {
    throw new PasswordHashError(`PBKDF2 iteration count must be a positive integer, got ${iterations}`);
  }
  if (iterations > MAX_PBKDF2_ITERATIONS) {
    throw new PasswordHashError(
      `PBKDF2 iteration count ${iterations} exceeds ${MAX_PBKDF2_ITERATIONS}, the most Cloudflare Workers allow; rehash the password`,
    );
  }
}

async function derive(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(password),
    "PBKDF2",
    false,
    ["deriveBits"],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    key,
    HASH_BYTES * 8,
  );
  return new Uint8Array(bits);
}

/** Compares every byte whatever the first difference, so timing does not reveal a prefix. */
function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new PasswordHashError("Stored password hash is not base64url");
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
