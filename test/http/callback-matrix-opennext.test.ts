import { describeHttpMatrix } from "../support/http-matrix-suite";

describeHttpMatrix({
  run: "opennext",
  target: "opennext",
  title: "callback matrix on workerd (wrangler dev over the OpenNext build)",
  runtime: { usual: "workerd", except: [] },
  // In Chromium on OpenNext 1.20.17 the dashboard's prefetch of /admin (a 403 for this user)
  // sends its headers and never ends its body, so the page never goes idle (docs/deploy.md).
  inBrowser: false,
});
