import { getCloudflareContext } from "@opennextjs/cloudflare/cloudflare-context";

/**
 * A Cloudflare binding of this request (D1, KV) by name, on every Cloudflare target; undefined
 * where there is none (`next start`, Vercel). The one place that knows how each adapter hands
 * bindings over:
 * - next-on-pages (Pages and the Worker) puts each request's bindings, objects included, on
 *   `process.env`.
 * - OpenNext copies only string variables to `process.env`; D1 and KV objects are on the `env`
 *   of its Cloudflare context, which its worker sets for each request.
 * @see https://opennext.js.org/cloudflare/bindings
 */
export function readCloudflareBinding(name: string): unknown {
  const fromProcessEnv: unknown = (process.env as Record<string, unknown>)[name];
  if (fromProcessEnv !== undefined) return fromProcessEnv;
  return openNextEnv()?.[name];
}

function openNextEnv(): Record<string, unknown> | undefined {
  try {
    return getCloudflareContext().env as unknown as Record<string, unknown>;
  } catch {
    // Outside OpenNext's worker there is no context and the sync form throws (it asks for
    // `initOpenNextCloudflareForDev`, which only matters under `next dev`): no bindings here.
    return undefined;
  }
}
