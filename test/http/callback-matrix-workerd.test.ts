import { describeHttpMatrix } from "../support/http-matrix-suite";
import { ensureBuilds } from "../support/next-start";
import { startPagesDev } from "../support/pages-dev";

describeHttpMatrix({
  run: "workerd",
  title: "callback matrix on workerd (wrangler pages dev over the next-on-pages build)",
  async start(env) {
    await ensureBuilds();
    return startPagesDev(env);
  },
  runtime: { usual: "workerd", except: [] },
});
