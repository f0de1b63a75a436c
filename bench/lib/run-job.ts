import type { Adapter } from "@auth/core/adapters";
import type { NextAuthConfig } from "next-auth";

import type { Job, JobResult } from "./job";
import { sampleSessionReads } from "./sample";
import { createSessionReader } from "./session-read";
import { buildVariant } from "./variants";

/** Signs in, warms up and samples one variant; the same code in every runtime. */
export async function runJob(job: Job, authConfig: NextAuthConfig, adapter: () => Adapter): Promise<JobResult> {
  const reader = await createSessionReader(buildVariant(job.variant, authConfig, adapter));
  const samples = await sampleSessionReads(reader, job);
  return { variant: job.variant, ...samples };
}
