import { createConnection, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy on loopback that adds network distance: every chunk the database sends back is
 * held for `rttMs` before it is forwarded, so each request/response exchange (each SQL query)
 * takes one extra round trip, as if the database were that far away. The whole delay sits on
 * the return path because Node timers have 1 ms granularity; splitting 1 ms in two halves would
 * round each half up. Order is kept per connection.
 */
export interface DelayProxy {
  port: number;
  close(): Promise<void>;
}

export async function startDelayProxy(target: { host: string; port: number }, rttMs: number): Promise<DelayProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection(target);
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    if (rttMs <= 0) upstream.pipe(client);
    else delayInto(upstream, client, rttMs);
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", closeBoth).on("close", closeBoth);
    upstream.on("error", closeBoth).on("close", closeBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("delay proxy has no address");
  return {
    port: address.port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function delayInto(from: Socket, to: Socket, delayMs: number): void {
  // Chunks leave in arrival order, each no earlier than its own arrival + delay.
  const queue: { due: number; chunk: Buffer }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const now = performance.now();
    while (queue.length > 0 && (queue[0]?.due ?? Infinity) <= now) {
      const next = queue.shift();
      if (next && !to.destroyed) to.write(next.chunk);
    }
    if (queue.length > 0) timer = setTimeout(flush, Math.max(0, (queue[0]?.due ?? now) - now));
  };
  from.on("data", (chunk: Buffer) => {
    queue.push({ due: performance.now() + delayMs, chunk });
    timer ??= setTimeout(flush, delayMs);
  });
  from.on("close", () => clearTimeout(timer));
}
