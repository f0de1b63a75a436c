import { EnvError, type RawEnv } from "../../lib/env";

// An HTTP field name (RFC 9110 token).
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/i;

/**
 * `AUTH_CLIENT_IP_HEADER`: the header a proxy in front of `next start` sets to the client's IP
 * (overwriting what the client sent), e.g. `x-real-ip`, or `x-forwarded-for` (its last entry is
 * used: the one that proxy appended). Unset: only the platform's own.
 */
export function parseClientIpHeader(raw: RawEnv): string | undefined {
  const value = raw.AUTH_CLIENT_IP_HEADER?.trim();
  if (!value) return undefined;
  if (!HEADER_NAME.test(value)) {
    throw new EnvError(`AUTH_CLIENT_IP_HEADER must be one header name such as x-real-ip, got "${value}".`);
  }
  return value.toLowerCase();
}

/** next.config.ts runs this when `next build` or `next start` begins. */
export function checkEnv(): void {
  parseClientIpHeader({ AUTH_CLIENT_IP_HEADER: process.env.AUTH_CLIENT_IP_HEADER });
}
