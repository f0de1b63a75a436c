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

/**
 * What `getCloudflareContext().env` returns, read where it keeps it: the global symbol its
 * worker sets per request (`@opennextjs/cloudflare` 1.x, `cloudflare-context.js`). Importing the
 * function instead would bundle its `next dev` fallback, which loads wrangler through a dynamic
 * `import()` that workerd refuses to resolve in the bench's workers and that has no place in
 * an edge bundle. bindings.test.ts and the OpenNext HTTP suites check both ends.
 */
const OPEN_NEXT_CONTEXT = Symbol.for("__cloudflare-context__");

function openNextEnv(): Record<string, unknown> | undefined {
  const context: unknown = (globalThis as Record<symbol, unknown>)[OPEN_NEXT_CONTEXT];
  if (typeof context !== "object" || context === null || !("env" in context)) return undefined;
  const env: unknown = context.env;
  return typeof env === "object" && env !== null ? (env as Record<string, unknown>) : undefined;
}
