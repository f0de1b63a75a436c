import { describeHttpMatrix } from "../support/http-matrix-suite";
import { ensureBuilds, startNext } from "../support/next-start";

describeHttpMatrix({
  run: "next-start",
  title: "callback matrix on next start (real server; middleware and routes on the edge runtime)",
  async start(env) {
    await ensureBuilds();
    return startNext(env);
  },
  runtime: { usual: "edge", except: [] },
});
