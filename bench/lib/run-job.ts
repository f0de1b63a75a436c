import type { NextAuthConfig } from "next-auth";

import { measure, type MeasureResult } from "../codec/measure";
import { configFor } from "../../lib/features";
import type { EdgeMiddleware } from "../../lib/security-headers";
import { parseJob, type JobResult } from "./job";
import { createPageLoadParts, samplePageLoad, type PageLoadVariant } from "./page-load";
import { sampleSessionReads } from "./sample";
import { createSessionReader } from "./session-read";
import { buildVariant, type VariantBindings, type VariantName } from "./variants";

/** What each runtime's entry hands the jobs: the template's config and middleware, and its bindings. */
export interface JobContext extends VariantBindings {
  authConfig: NextAuthConfig;
  middleware: EdgeMiddleware;
}

/** Runs one job of any subject; the same code in every runtime. */
export async function runJob(jobText: string, context: JobContext): Promise<JobResult | MeasureResult> {
  const job = parseJob(jobText);
  switch (job.subject) {
    case "session-read": {
      // parseJob checked the name against the variant list.
      const reader = await createSessionReader(buildVariant(job.variant as VariantName, context.authConfig, context));
      return { variant: job.variant, ...(await sampleSessionReads(reader, job)) };
    }
    case "page-load": {
      // middleware.ts's config: the app's, with each feature's hooks (the provider-token refresh
      // step among them). Imported now, after the entry set the environment the features read.
      const { features } = await import("../../auth.config");
      const config = configFor(context.authConfig, features, "middleware");
      const middlewareConfig = typeof config === "function" ? await config() : config;
      const parts = await createPageLoadParts(job.variant as PageLoadVariant, { ...context, middlewareConfig, features });
      return { variant: job.variant, ...(await samplePageLoad(parts, job)) };
    }
    case "codec":
      return measure(job);
  }
}
