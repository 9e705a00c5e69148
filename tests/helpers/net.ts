import { createServer } from 'node:net';

/** A TCP port free on the loopback address now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Polls `url` until it answers (any status), the process exits, or `ms` pass. */
export async function waitForServer(url: string, alive: () => boolean, ms = 60_000): Promise<void> {
  for (const deadline = Date.now() + ms; ; ) {
    if (!alive()) throw new Error(`the server for ${url} exited`);
    if (Date.now() > deadline) throw new Error(`no answer from ${url} in ${ms} ms`);
    if (await fetch(url).then(() => true, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
