import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { TRACE_ID_HEADER, TRACE_PREFIX } from "./trace";

import { CookieJar } from "../../test/support/cookie-jar";
import { httpDriver } from "../../test/support/trace-drivers";

/**
 * The matrix driver against a server whose output is out of order on purpose, as wrangler's
 * relay of workerd's output can be: the line of a request to /slow is held back and written
 * only after the lines of the next two requests (settle markers included); once /trailing
 * has been asked for, every line comes some time after its answer.
 */
let server: Server;
let output = "";
let held: { line: string; after: number }[] = [];
let trailing = false;

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://x").pathname;
    const traceId = request.headers[TRACE_ID_HEADER];
    const line = `${TRACE_PREFIX}${JSON.stringify({ callback: "jwt", surface: "app", runtime: "node", path, traceId })}\n`;
    for (const entry of held) entry.after -= 1;
    if (path === "/slow") held.push({ line, after: 2 });
    // Every line of a request to /trailing (and of markers after one) comes a while after the answer.
    else if (path === "/trailing" || trailing) setTimeout(() => (output += line), 300);
    else output += line;
    if (path === "/trailing") trailing = true;
    output += held.filter(({ after }) => after <= 0).map((entry) => entry.line).join("");
    held = held.filter(({ after }) => after > 0);
    response.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function driver() {
  const { port } = server.address() as AddressInfo;
  return httpDriver({ origin: `http://127.0.0.1:${port}`, secret: "unused", output: () => output });
}

const paths = (lines: string[]) => lines.map((line) => (JSON.parse(line.slice(TRACE_PREFIX.length)) as { path: string }).path);

describe("the matrix's HTTP driver, when lines arrive out of order", () => {
  it("counts a line in the record of the request that caused it, not of the one it arrived during", async () => {
    const d = driver();
    const jar = new CookieJar();
    const first = await d.nextTraceId();
    await (await d.fetch("/slow", jar)).text();
    const second = await d.nextTraceId();
    await (await d.fetch("/fast", jar)).text();

    // /slow's line came after /fast's and the marker's: it is still the first record's.
    expect(paths(await d.linesOf(second))).toEqual(["/fast"]);
    expect(paths(await d.linesOf(first))).toEqual(["/slow"]);
    expect(d.lateLines()).toEqual([]);
  });

  it("names a line that came after its record was taken, instead of counting short in silence", async () => {
    const d = driver();
    const traceId = await d.nextTraceId();
    await (await d.fetch("/slow", new CookieJar())).text();

    // Its line is held behind the settle marker's, so the record misses it...
    expect(await d.linesOf(traceId)).toEqual([]);
    await d.settle();
    // ...and the driver says so.
    expect(paths(d.lateLines())).toEqual(["/slow"]);
  });

  it("names a line that carries none of its ids (a code path that lost the request), which no record could hold", async () => {
    const d = driver();
    const { port } = server.address() as AddressInfo;
    await (await fetch(`http://127.0.0.1:${port}/untagged`)).text();
    await d.settle();
    expect(paths(d.strayLines())).toContain("/untagged");
  });

  it("waits for lines that trail their answers in every record, not only the first", async () => {
    // The driver it replaces reused its marker's path in each scenario, so from the second on
    // it found an old marker's line and took the record before the lines had come.
    for (const path of ["/trailing", "/trailing", "/trailing"]) {
      const d = driver();
      const traceId = await d.nextTraceId();
      await (await d.fetch(path, new CookieJar())).text();
      expect(paths(await d.linesOf(traceId))).toEqual([path]);
    }
  });

  it("never lists a marker's line among the server's trace lines", async () => {
    const d = driver();
    await d.settle();
    expect(d.traceLines().some((line) => line.includes("settle-"))).toBe(false);
  });
});
