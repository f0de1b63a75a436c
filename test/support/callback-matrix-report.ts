import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { expect } from "vitest";

import { type RecordedCall, type ScenarioRecord, scenarios } from "./callback-scenarios";
import { claims } from "./callback-claims";

/**
 * Keeps docs/callback-matrix.json (the recorded runs) and docs/callback-matrix.md (generated from
 * them, the matrix's one home) in step with what the suites observe. `npm run docs:callbacks` sets
 * UPDATE_CALLBACK_MATRIX=1 and rewrites them; otherwise a difference fails the suite.
 */

export const RUNS = ["in-process", "next-start", "workerd", "opennext"] as const;
export type RunName = (typeof RUNS)[number];

/** The recorded runs, and the Next.js version they were recorded on (the docs name it). */
export type MatrixData = Partial<Record<RunName, ScenarioRecord[]>> & { next?: string };

const root = fileURLToPath(new URL("../../", import.meta.url));
const JSON_PATH = `${root}docs/callback-matrix.json`;
const DOC_PATH = `${root}docs/callback-matrix.md`;

function installedNext(): string {
  return (JSON.parse(readFileSync(`${root}node_modules/next/package.json`, "utf8")) as { version: string }).version;
}

/** " on Next.js X" where the recording says which Next produced it. */
const recordedOn = (data: MatrixData) => (data.next ? ` on Next.js ${data.next}` : "");

export function loadMatrix(): MatrixData {
  return existsSync(JSON_PATH) ? (JSON.parse(readFileSync(JSON_PATH, "utf8")) as MatrixData) : {};
}

const RUN_LABELS: Record<RunName, string> = {
  "in-process": "in-process (Node, real handlers + middleware and a test IdP; no page rendering, no browser)",
  "next-start": "`next start` (Node server; middleware on the edge runtime, routes on Node)",
  workerd: "workerd (`wrangler pages dev` over the next-on-pages build)",
  opennext: "OpenNext worker on workerd (`wrangler dev` over the OpenNext build; no Chromium rows, see docs/deploy.md)",
};

const CALLBACKS = ["signIn", "jwt", "session", "redirect", "authorized"] as const;

function cell(calls: RecordedCall[]): string {
  if (calls.length === 0) return "—";
  const parts: string[] = [];
  const middleware = calls.filter((c) => c.surface === "middleware").length;
  const app = calls.length - middleware;
  parts.push(middleware && app ? `mw ${middleware} + app ${app}` : middleware ? "mw" : "app");
  const triggers = [...new Set(calls.map((c) => c.trigger).filter((t) => t !== undefined))];
  if (triggers.length) parts.push(`trigger ${triggers.join("/")}`);
  const withUser = calls.filter((c) => c.user).length;
  if (calls[0]?.callback !== "redirect" && calls[0]?.callback !== "authorized") {
    parts.push(withUser === 0 ? "user ✗" : withUser === calls.length ? "user ✓" : `user ✓ ${withUser} of ${calls.length}`);
  }
  if (calls.some((c) => c.account)) parts.push("account ✓");
  if (calls.some((c) => c.profile)) parts.push("profile ✓");
  const refused = calls.filter((c) => c.allowed === false).length;
  if (refused) parts.push("returned false");
  return `**${calls.length}** (${parts.join(", ")})`;
}

function row(record: ScenarioRecord): string[] {
  return CALLBACKS.map((name) => cell(record.calls.filter((c) => c.callback === name)));
}

/** Names the scenarios whose callbacks ran on a runtime other than the run's usual one. */
function runtimeNote(records: ScenarioRecord[]): string[] {
  const all = records.flatMap((r) => r.calls.map((c) => c.runtime));
  const usual = [...new Set(all)].sort((a, b) => all.filter((x) => x === b).length - all.filter((x) => x === a).length)[0];
  const odd = records.flatMap((r) =>
    [...new Set(r.calls.filter((c) => c.runtime !== usual).map((c) => `\`${r.id}\` (${c.surface} on ${c.runtime})`))],
  );
  return usual ? [`Callbacks ran on **${usual}**${odd.length ? `, except ${odd.join(", ")}` : ""}.`] : [];
}

function table(records: ScenarioRecord[]): string {
  const lines = ["| Scenario | signIn | jwt | session | redirect | authorized |", "| --- | --- | --- | --- | --- | --- |"];
  for (const record of records) {
    const scenario = scenarios.find((s) => s.id === record.id);
    lines.push(`| ${scenario?.title ?? record.id} | ${row(record).join(" | ")} |`);
  }
  return [...lines, "", ...runtimeNote(records)].join("\n");
}

/** The run the other runs are compared with, and the claims judged on: the real server, or the best run recorded so far. */
export function primaryRun(data: MatrixData): RunName | undefined {
  return (["next-start", "workerd", "opennext", "in-process"] as const).find((name) => data[name]);
}

function differences(data: MatrixData, base: RunName): string[] {
  const baseRecords = data[base] ?? [];
  const notes: string[] = [];
  for (const name of RUNS) {
    const records = data[name];
    if (!records || name === base) continue;
    const differing = records.filter((record) => {
      const other = baseRecords.find((r) => r.id === record.id);
      return other && JSON.stringify(row(other)) !== JSON.stringify(row(record));
    });
    notes.push(
      differing.length === 0
        ? `- ${RUN_LABELS[name]}: the same counts in every scenario it ran (${records.length}).`
        : `- ${RUN_LABELS[name]}: differs in ${differing.map((r) => `\`${r.id}\``).join(", ")} (see its table below).`,
    );
  }
  return notes;
}

export function renderDoc(data: MatrixData): string {
  const out = [
    "<!-- Generated by `npm run docs:callbacks` from docs/callback-matrix.json; do not edit by hand. -->",
    "# When Auth.js callbacks run: the matrix, from runs",
    "",
    "Every number below was counted from the trace lines (`AUTH_TRACE=1`, see `features/trace/trace.ts`) that",
    "carry the trace id the scenario's recorded requests sent (`x-trace-id`); setup steps (signing in",
    "first, fetching a CSRF token) send another id and are not counted, and lines that reach the",
    "output late or out of order still count where they belong. Requests are the ones a browser or",
    "the next-auth client library sends, issued over",
    "HTTP by `test/support/callback-scenarios.ts` with a cookie jar and without following redirects;",
    "the OIDC sign-in follows them by hand through a real IdP (`oidc-provider` on loopback, its login",
    "and consent forms submitted). The `useSession()` rows load the dashboard in Chromium and count",
    "only the calls made by the client's own /api/auth/session requests (a page also prefetches links).",
    "Cells: **count** (where: **mw** = `middleware.ts`'s instance, **app** = `auth.ts`'s; `trigger`",
    "passed; whether `user` was defined; `account`/`profile` when passed). — = did not run.",
    ...(data.next ? [`Recorded${recordedOn(data)}.`] : []),
    "",
  ];
  const base = primaryRun(data);
  if (base) out.push(`Compared with ${RUN_LABELS[base]}:`, "", ...differences(data, base), "");
  for (const name of RUNS) {
    const records = data[name];
    if (!records) continue;
    out.push(`## ${RUN_LABELS[name]}`, "", table(records), "");
  }
  out.push(
    "## Why `jwt` runs on every `auth()` call, and what it costs",
    "",
    "With `session: { strategy: \"jwt\" }` the session is the token. Each read (`auth()`, middleware,",
    "`/api/auth/session`) decrypts the cookie, runs `jwt` (so whatever it adds or refreshes applies),",
    "builds the default session from the token and runs `session`, then encodes the token again.",
    "Stock Auth.js encrypts it into a fresh cookie with a new expiry on every read (an HKDF key",
    "derivation and a JWE operation each way); the template's codec hands back the incoming token",
    "unless a claim changed or it is older than `updateAge`, and middleware drops that unchanged",
    "cookie (docs/session-token.md). A signed-in page load reads the session once in middleware and",
    "once in the render (`auth()` is React-`cache`d, so layout and page share it): the tables show 2×.",
    "`getToken()` decrypts only: no callback, no new cookie, no sliding expiry. The time this takes",
    "per request, on Node and on workerd, is measured by the benchmark in `bench/`.",
    "",
    "## Where `redirect` runs, and where it no longer does",
    "",
    "Middleware and `auth()` read the session as a function call (features/fast-read), not as a",
    "request to Auth.js's `/api/auth/session` handler, so `redirect` does not run on their reads: the",
    "page-load and API-route rows show none. Auth.js's handler runs `redirect` on every request it",
    "answers, reads included, to vet the `authjs.callback-url` cookie (or a `callbackUrl` parameter)",
    "when one is present. So `redirect` runs wherever Auth.js's own handler answers `/api/auth/*`:",
    "sign-in, sign-out, `update()`, and a read of `/api/auth/session` itself (what `useSession()` and",
    "`getSession()` fetch), whose row shows `redirect` 1 (app) beside middleware's read of the same",
    "request. The scenarios keep the callback-URL cookie sign-in set, as a browser does; the",
    "expired-token scenario never signed in, has no such cookie, and shows no `redirect`.",
    "",
    "## `getToken()` behind https: match the cookie name",
    "",
    "Auth.js names the cookie `__Secure-authjs.session-token` when its URL is https and uses the",
    "cookie name as the key-derivation salt. `getToken()` defaults to the plain name, so in",
    "production everybody looks signed out while development works. `lib/read-token.ts` passes",
    "`secureCookie` by Auth.js's own rule (AUTH_URL, else x-forwarded-proto, else the request's protocol);",
    "`test/integration/get-token.test.ts` shows the default failing and the fix working.",
    "",
    "## Trace it yourself",
    "",
    "`AUTH_TRACE=1 npm run dev` (or `next start`, or a `.dev.vars` entry for `wrangler pages dev`)",
    "prints one line per callback call, for example",
    "`[auth-trace] {\"callback\":\"jwt\",\"surface\":\"middleware\",\"runtime\":\"edge\",\"user\":false,...,\"path\":\"/dashboard\"}`.",
    "`AUTH_TRACE=stack` adds who called it (readable under `next dev`; minified after a build).",
    "Lines carry names and true/false flags only: never a token, cookie, secret, password or query.",
    "A request that sends `x-trace-id` (letters, digits and dashes, at most 64; anything else is",
    "dropped) has it on each of its lines as `traceId`, to tell concurrent requests' lines apart:",
    "`curl -H 'x-trace-id: try-1' …`.",
    "",
  );
  out.push("## Scenarios", "", "| Scenario | Requests recorded |", "| --- | --- |");
  for (const scenario of scenarios) out.push(`| \`${scenario.id}\` ${scenario.title} | ${scenario.requests} |`);
  out.push("", "## The notes' claims, checked", "");
  out.push("| Claim (from the notes) | Verdict | What the runs show | Scenario |", "| --- | --- | --- | --- |");
  const records = base ? (data[base] ?? []) : [];
  for (const claim of claims) {
    const verdict = claim.check(records);
    out.push(`| ${claim.claim} | **${verdict.verdict}** | ${verdict.evidence} | ${claim.scenarios.map((id) => `\`${id}\``).join(", ")} |`);
  }
  return `${out.join("\n")}\n`;
}

/**
 * In update mode, stores this run's records and regenerates the doc; else asserts the records and
 * the doc match what is committed.
 */
/** `skipped`: scenarios this run could not run (a feature switched off): their recorded rows are not expected. */
export async function checkOrUpdateRun(name: RunName, records: ScenarioRecord[], skipped: ReadonlySet<string> = new Set()): Promise<void> {
  const data = loadMatrix();
  if (process.env.UPDATE_CALLBACK_MATRIX === "1") {
    data[name] = records;
    const ordered: MatrixData = { next: installedNext(), ...Object.fromEntries(RUNS.filter((run) => data[run]).map((run) => [run, data[run]])) };
    writeFileSync(JSON_PATH, `${JSON.stringify(ordered, null, 2)}\n`);
    writeFileSync(DOC_PATH, renderDoc(ordered));
    return;
  }
  expect(records, `docs/callback-matrix.json "${name}" is stale: run npm run docs:callbacks`).toEqual(data[name]?.filter(({ id }) => !skipped.has(id)));
  expect(readFileSync(DOC_PATH, "utf8"), "docs/callback-matrix.md is stale: run npm run docs:callbacks").toBe(renderDoc(data));
}
