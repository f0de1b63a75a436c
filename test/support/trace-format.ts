/**
 * The trace lines' format as their readers (the callback matrix, the trace suites) parse it:
 * what features/trace writes to the server log. Written out here rather than imported, so the
 * test support stands without that folder; features/trace/trace.test.ts checks both agree.
 */
export const TRACE_PREFIX = "[auth-trace] ";
export const TRACE_ID_HEADER = "x-trace-id";

export interface TraceRecord {
  callback: "signIn" | "redirect" | "session" | "jwt" | "authorized";
  surface: "middleware" | "app";
  runtime: "node" | "edge" | "workerd";
  path?: string;
  traceId?: string;
  trigger?: string;
  user: boolean;
  account: boolean;
  profile: boolean;
  token: boolean;
  session?: boolean;
  allowed?: boolean;
  stack?: string;
}
