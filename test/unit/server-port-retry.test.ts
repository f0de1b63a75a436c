import { createServer, type Server } from "node:net";

import { afterEach, describe, expect, it } from "vitest";

import { freePort, PortTaken, retryOnPortTaken, saysPortTaken } from "../support/servers";

/** A port held by "another run" on this machine. */
async function occupied(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return { port: address.port, server };
}

/** A server start as the harness makes one: bind the port, or fail saying it is taken. */
async function bind(port: number): Promise<Server> {
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
  } catch (error) {
    throw saysPortTaken(String(error)) ? new PortTaken(String(error)) : error;
  }
  return server;
}

const opened: Server[] = [];
afterEach(() => {
  for (const server of opened.splice(0)) server.close();
});

describe("a server start whose port another process took", () => {
  it("starts on a new port instead of failing", async () => {
    const taken = await occupied();
    opened.push(taken.server);
    const picks = [taken.port];
    const server = await retryOnPortTaken(bind, { pickPort: async () => picks.shift() ?? freePort() });
    opened.push(server);
    const address = server.address();
    expect(typeof address === "object" && address?.port).not.toBe(taken.port);
  });

  it("gives up after the bounded number of attempts, with the reason", async () => {
    const taken = await occupied();
    opened.push(taken.server);
    let attempts = 0;
    const start = retryOnPortTaken(bind, { attempts: 3, pickPort: async () => (attempts++, taken.port) });
    await expect(start).rejects.toBeInstanceOf(PortTaken);
    expect(attempts).toBe(3);
  });

  it("does not retry a start that failed for another reason", async () => {
    let attempts = 0;
    const start = retryOnPortTaken(async () => {
      attempts++;
      throw new Error("exited with code 1");
    });
    await expect(start).rejects.toThrow("exited with code 1");
    expect(attempts).toBe(1);
  });

  it.each([
    ["next start", "Error: listen EADDRINUSE: address already in use 127.0.0.1:3000"],
    ["wrangler (pages dev, dev)", "✘ [ERROR] Address already in use (127.0.0.1:38537). Please check that you are not already running a server on this address or specify a different port with --port."],
  ])("is recognised from %s's output", (_, output) => {
    expect(saysPortTaken(output)).toBe(true);
  });

  it("is not claimed for other failures", () => {
    expect(saysPortTaken("Configuration error: AUTH_SECRET is not set.")).toBe(false);
  });
});
