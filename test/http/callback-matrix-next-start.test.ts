import { describeHttpMatrix } from "../support/http-matrix-suite";

describeHttpMatrix({
  run: "next-start",
  target: "next",
  title: "callback matrix on next start (real server; middleware and routes on the edge runtime)",
  runtime: { usual: "edge", except: [] },
});
