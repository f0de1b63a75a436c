import { describeHttpMatrix } from "../support/http-matrix-suite";

describeHttpMatrix({
  run: "opennext",
  target: "opennext",
  title: "callback matrix on the OpenNext worker (wrangler dev over the OpenNext build)",
  // One worker holds middleware and the Next server (routes on Node APIs through nodejs_compat), all on workerd.
  runtime: { middleware: "workerd", app: "workerd" },
  // In Chromium on OpenNext 1.20.17 the dashboard's prefetch of /admin (a 403 for this user)
  // sends its headers and never ends its body, so the page never goes idle (docs/deploy.md).
  inBrowser: false,
});
