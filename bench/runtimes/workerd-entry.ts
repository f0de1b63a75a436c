/** A Worker that runs one bench job per POST (the job as JSON) and answers its result. */
import { runBenchJob } from "./edge-entry";

const worker = {
  async fetch(request: Request, env: { DB: unknown; SESSION_VERSION_KV: unknown }): Promise<Response> {
    try {
      return Response.json(await runBenchJob(await request.text(), env.DB, env.SESSION_VERSION_KV));
    } catch (error) {
      return Response.json({ error: String(error instanceof Error ? error.stack : error) }, { status: 500 });
    }
  },
};

export default worker;
