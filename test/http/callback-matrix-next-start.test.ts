import { describeHttpMatrix } from "../support/http-matrix-suite";

describeHttpMatrix({
  run: "next-start",
  target: "next",
  title: "callback matrix on next start (real server; middleware on the edge runtime, routes on Node)",
  // Routes run on Node; middleware is on the edge runtime in every build.
  runtime: { middleware: "edge", app: "node" },
});
