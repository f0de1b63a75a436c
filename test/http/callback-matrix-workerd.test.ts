import { describeHttpMatrix } from "../support/http-matrix-suite";

describeHttpMatrix({
  run: "workerd",
  target: "workerd",
  title: "callback matrix on workerd (wrangler pages dev over the next-on-pages build)",
  runtime: { middleware: "workerd", app: "workerd" },
});
