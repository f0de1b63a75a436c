import { describeHttpMatrix } from "../support/http-matrix-suite";
import { ensureBuilds, startNext } from "../support/next-start";

describeHttpMatrix({
  run: "next-start",
  title: "callback matrix on next start (real server; middleware and routes on the edge runtime)",
  async start(env) {
    await ensureBuilds();
    return startNext(env);
  },
  // Next renders its built-in 404 page on Node: the root layout's `auth()` makes it dynamic,
  // and a route segment's `runtime` does not reach /_not-found (next-on-pages refuses to build it).
  runtime: { usual: "edge", except: ["not-found-signed-in:app"] },
});
