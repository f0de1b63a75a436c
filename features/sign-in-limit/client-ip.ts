import { ipAddress } from "@vercel/edge";

import { detectRuntime } from "../../platform/runtime";

import { parseClientIpHeader } from "./env";

/**
 * The client's IP, only from a source that cannot be forged by the client, else undefined:
 * 1. the header the operator's proxy sets, named in AUTH_CLIENT_IP_HEADER (its last entry, the
 *    one that proxy appended, for `x-forwarded-for`);
 * 2. on Cloudflare (workerd), `cf-connecting-ip`, which Cloudflare's edge overwrites;
 * 3. on Vercel, `ipAddress()` (`x-real-ip`, which Vercel overwrites).
 * Anything else is what the client chose to send: under `next start` with nothing in front,
 * `x-forwarded-for` is copied from the request when present. So are these very headers
 * anywhere but on their platform, which is why each is read only there.
 *
 * IPv6 addresses are reduced to their /64, the block one subscriber usually holds: otherwise
 * every address of it would be a fresh counter.
 */
export function getClientIp(request: Request, env = readClientIpEnv()): string | undefined {
  const raw = readRawIp(request, env);
  return raw === undefined ? undefined : normalizeIp(raw);
}

export interface ClientIpEnv {
  /** AUTH_CLIENT_IP_HEADER, lower-case. */
  header?: string;
  onVercel: boolean;
  onCloudflare: boolean;
}

export function readClientIpEnv(): ClientIpEnv {
  return {
    // Spelled out: edge bundles inline `process.env.X` and cannot enumerate `process.env`.
    header: parseClientIpHeader({ AUTH_CLIENT_IP_HEADER: process.env.AUTH_CLIENT_IP_HEADER }),
    // Set by Vercel on its builds and functions: its `x-real-ip` is then the client's.
    onVercel: process.env.VERCEL === "1",
    onCloudflare: detectRuntime() === "workerd",
  };
}

function readRawIp({ headers }: Request, env: ClientIpEnv): string | undefined {
  if (env.header) return headers.get(env.header)?.split(",").at(-1);
  if (env.onCloudflare) return headers.get("cf-connecting-ip") ?? undefined;
  if (env.onVercel) return ipAddress({ headers });
  return undefined;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** A canonical IPv4 address or IPv6 /64, or undefined for anything that is not an address. */
export function normalizeIp(raw: string): string | undefined {
  const value = raw.trim();
  const v4 = IPV4.exec(value);
  if (v4) return v4.slice(1).every((octet) => Number(octet) <= 255) ? v4.slice(1).map(Number).join(".") : undefined;
  if (!value.includes(":") || !URL.canParse(`http://[${value}]/`)) return undefined;
  // The URL parser validates and compresses IPv6; expand it to eight groups.
  const host = new URL(`http://[${value}]/`).hostname.slice(1, -1);
  const groups = expandIpv6(host);
  if (!groups) return undefined;
  // IPv4-mapped (::ffff:a.b.c.d) is that IPv4 address.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    return [high >> 8, high & 255, low >> 8, low & 255].join(".");
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(":")}::/64`;
}

function expandIpv6(host: string): number[] | undefined {
  const [head = "", tail] = host.split("::");
  const left = head ? head.split(":") : [];
  const right = tail === undefined ? [] : tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  const groups = [...left, ...Array<string>(missing).fill("0"), ...right].map((g) => parseInt(g, 16));
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}
