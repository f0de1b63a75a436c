import { describeHttpMatrix } from "../support/http-matrix-suite";

const middlewareRuns = ["first-page-load", "later-page-load", "middleware-only", "middleware-only-signed-in", "api-auth", "api-get-token"];

describeHttpMatrix({
  run: "next-start",
  target: "next",
  title: "callback matrix on next start (real server; middleware on the edge runtime, routes on Node)",
  // Routes run on Node; middleware is on the edge runtime in every build.
  runtime: { usual: "node", except: middlewareRuns.map((id) => `${id}:middleware`) },
});
