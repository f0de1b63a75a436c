import { ipAddress } from "@vercel/edge";

/**
 * The client's IP as the platform reports it: Cloudflare sets `cf-connecting-ip`; Vercel's edge
 * sets `x-real-ip`, which `@vercel/edge`'s `ipAddress()` reads; under `next start` behind a
 * proxy, the first `x-forwarded-for` hop. Behind no proxy these headers are client-controlled,
 * so use the result to group requests (rate limits), never to trust a client.
 */
export function getClientIp(request: Request): string | undefined {
  const { headers } = request;
  const direct = headers.get("cf-connecting-ip") ?? ipAddress(request);
  if (direct?.trim()) return direct.trim();
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded ? forwarded : undefined;
}
