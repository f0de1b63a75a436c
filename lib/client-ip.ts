/**
 * The client's IP as the platform reports it: Cloudflare sets `cf-connecting-ip`, Vercel
 * `x-real-ip` (and the first `x-forwarded-for` hop). Behind no proxy these headers are
 * client-controlled, so use the result to group requests (rate limits), never to trust them.
 */
export function getClientIp(request: Request): string | undefined {
  const { headers } = request;
  const direct = headers.get("cf-connecting-ip") ?? headers.get("x-real-ip");
  if (direct?.trim()) return direct.trim();
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded ? forwarded : undefined;
}
