import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { expect } from "vitest";

import { type RecordedCall, type ScenarioRecord, scenarios } from "./callback-scenarios";
import { claims } from "./callback-claims";

/**
 * Keeps docs/callback-matrix.json (the recorded runs), docs/callback-matrix.md and the README's
 * matrix section in step with what the suites observe. `npm run docs:callbacks` sets
 * UPDATE_CALLBACK_MATRIX=1 and rewrites them; otherwise a difference fails the suite.
 */

export const RUNS = ["in-process", "next-start", "workerd", "opennext"] as const;
export type RunName = (typeof RUNS)[number];

/** The recorded runs, and the Next.js version they were recorded on (the docs name it). */
export type MatrixData = Partial<Record<RunName, ScenarioRecord[]>> & { next?: string };

const root = fileURLToPath(new URL("../../", import.meta.url));
const JSON_PATH = `${root}docs/callback-matrix.json`;
const DOC_PATH = `${root}docs/callback-matrix.md`;
const README_PATH = `${root}README.md`;
const START = "<!-- callback-matrix:start -->";
const END = "<!-- callback-matrix:end -->";

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

/** The run the README shows: the real server, or the best run recorded so far. */
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

export function renderReadmeSection(data: MatrixData): string {
  const base = primaryRun(data);
  if (!base) return "";
  return [
    "### When each Auth.js callback runs (recorded, not remembered)",
    "",
    `Counted from \`AUTH_TRACE=1\` runs of the real app${recordedOn(data)}, on ${RUN_LABELS[base]}; generated by \`npm run docs:callbacks\`,`,
    "and `npm test` fails if this table no longer matches what the app does. **mw** = the instance in",
    "`middleware.ts`, **app** = the one in `auth.ts` (route handlers, server components, `/api/auth/*`).",
    "",
    table(data[base] ?? []),
    "",
    "The `useSession()` rows (Chromium) count only the calls made by the client's own /api/auth/session requests.",
    "",
    ...differences(data, base),
    "",
    "`jwt` runs on every `auth()` call because the session *is* the token: each read decrypts the",
    "cookie and runs `jwt` then `session` (a page load reads twice: middleware, then one `auth()` per render,",
    "which layout and page share through React `cache`).",
    "Middleware and `auth()` make that read as a function call (lib/session-read.ts), not a request to",
    "Auth.js's `/api/auth/session` handler, so `redirect` no longer runs on it: Auth.js runs it on a read",
    "only to vet its callback-URL cookie, which nothing on a read uses; it still runs wherever Auth.js",
    "redirects or answers `/api/auth/*` (the rows above with `app`).",
    "Stock Auth.js then re-encrypts a fresh cookie on every read, deriving its key twice; this",
    "template's codec keeps its keys and hands back the incoming token unless a claim changed or it is",
    "older than `updateAge` (a day), and the read does not re-send an unchanged cookie",
    "([docs/session-token.md](docs/session-token.md)). `getToken()` only decrypts. The cost in numbers is in `bench/`.",
    "Every claim of the notes this project began from, checked: [docs/callback-matrix.md](docs/callback-matrix.md).",
  ].join("\n");
}

export function renderDoc(data: MatrixData): string {
  const out = [
    "<!-- Generated by `npm run docs:callbacks` from docs/callback-matrix.json; do not edit by hand. -->",
    "# When Auth.js callbacks run: the matrix, from runs",
    "",
    "Every number below was counted from the trace lines (`AUTH_TRACE=1`, see `lib/trace.ts`) that",
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
    "## `getToken()` behind https: match the cookie name",
    "",
    "Auth.js names the cookie `__Secure-authjs.session-token` when its URL is https and uses the",
    "cookie name as the key-derivation salt. `getToken()` defaults to the plain name, so in",
    "production everybody looks signed out while development works. `lib/read-token.ts` passes",
    "`secureCookie` by Auth.js's own rule (AUTH_URL's protocol, else the request's);",
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
  const base = primaryRun(data);
  const records = base ? (data[base] ?? []) : [];
  for (const claim of claims) {
    const verdict = claim.check(records);
    out.push(`| ${claim.claim} | **${verdict.verdict}** | ${verdict.evidence} | ${claim.scenarios.map((id) => `\`${id}\``).join(", ")} |`);
  }
  return `${out.join("\n")}\n`;
}

function replaceReadmeSection(readme: string, section: string): string {
  const block = `${START}\n${section}\n${END}`;
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1) return `${readme.trimEnd()}\n\n${block}\n`;
  return readme.slice(0, start) + block + readme.slice(end + END.length);
}

/**
 * In update mode, stores this run's records and regenerates the doc and README section; else
 * asserts the records, the doc and the README section all match what is committed.
 */
export async function checkOrUpdateRun(name: RunName, records: ScenarioRecord[]): Promise<void> {
  const data = loadMatrix();
  if (process.env.UPDATE_CALLBACK_MATRIX === "1") {
    data[name] = records;
    const ordered: MatrixData = { next: installedNext(), ...Object.fromEntries(RUNS.filter((run) => data[run]).map((run) => [run, data[run]])) };
    writeFileSync(JSON_PATH, `${JSON.stringify(ordered, null, 2)}\n`);
    writeFileSync(DOC_PATH, renderDoc(ordered));
    writeFileSync(README_PATH, replaceReadmeSection(readFileSync(README_PATH, "utf8"), renderReadmeSection(ordered)));
    return;
  }
  expect(records, `docs/callback-matrix.json "${name}" is stale: run npm run docs:callbacks`).toEqual(data[name]);
  expect(readFileSync(DOC_PATH, "utf8"), "docs/callback-matrix.md is stale: run npm run docs:callbacks").toBe(renderDoc(data));
  expect(readFileSync(README_PATH, "utf8"), "README's callback matrix is stale: run npm run docs:callbacks").toContain(
    `${START}\n${renderReadmeSection(data)}\n${END}`,
  );
}
