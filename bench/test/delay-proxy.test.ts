import { createConnection, createServer, type Server } from "node:net";

import { afterEach, describe, expect, it } from "vitest";

import { startDelayProxy, type DelayProxy } from "../lib/delay-proxy";

/** The bench's network-distance proxy, over a loopback echo server. */
let echo: Server | undefined;
let proxy: DelayProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await new Promise<void>((resolve) => (echo ? echo.close(() => resolve()) : resolve()));
});

async function startEcho(): Promise<number> {
  echo = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo?.listen(0, "127.0.0.1", resolve));
  const address = echo.address();
  if (typeof address !== "object" || address === null) throw new Error("echo server has no address");
  return address.port;
}

function exchange(port: number, messages: string[]): Promise<{ reply: string; firstReplyAfter: number }> {
  return new Promise((resolve, reject) => {
    const expected = messages.join("");
    const socket = createConnection({ host: "127.0.0.1", port });
    const start = performance.now();
    let reply = "";
    let firstReplyAfter = -1;
    socket.on("data", (chunk) => {
      if (firstReplyAfter < 0) firstReplyAfter = performance.now() - start;
      reply += chunk.toString();
      if (reply.length >= expected.length) {
        socket.end();
        resolve({ reply, firstReplyAfter });
      }
    });
    socket.on("error", reject);
    socket.on("connect", () => messages.forEach((message) => socket.write(message)));
  });
}

describe("delaying TCP proxy", () => {
  it("passes every byte through, in order", async () => {
    proxy = await startDelayProxy({ host: "127.0.0.1", port: await startEcho() }, 0);
    const messages = Array.from({ length: 50 }, (_, i) => `message ${i};`);
    expect((await exchange(proxy.port, messages)).reply).toBe(messages.join(""));
  });

  it("holds replies for the set round-trip time and keeps their order", async () => {
    proxy = await startDelayProxy({ host: "127.0.0.1", port: await startEcho() }, 25);
    const messages = ["first;", "second;", "third;"];
    const { reply, firstReplyAfter } = await exchange(proxy.port, messages);
    expect(reply).toBe("first;second;third;");
    // Timers never fire early, so this lower bound holds however slow the machine is.
    expect(firstReplyAfter).toBeGreaterThanOrEqual(24);
  });
});
