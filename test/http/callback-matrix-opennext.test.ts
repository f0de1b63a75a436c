import { describeHttpMatrix } from "../support/http-matrix-suite";

describeHttpMatrix({
  run: "opennext",
  target: "opennext",
  title: "callback matrix on workerd (wrangler dev over the OpenNext build)",
  runtime: { usual: "workerd", except: [] },
});
