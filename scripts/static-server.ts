/**
 * A static file server with the semantics of the hosts Masthead deploys to (GitHub Pages, Netlify,
 * S3 + CloudFront): `/a/` serves `a/index.html`, `/a` redirects to `/a/`, the type comes from the
 * extension, misses get `404.html` with status 404. No rewrites, no compression, nothing a CDN would not do.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { contentTypeOf } from './content-types';

export interface StaticServerOptions {
  /** The site's base path (`/repo` for a GitHub Pages project site) or ''. Requests outside it 404. */
  basePath?: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
}

export interface StaticServer {
  /** The site's home page: `http://127.0.0.1:PORT/base/`. */
  url: string;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  close(): Promise<void>;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

function send(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string | number>, file?: string) {
  res.writeHead(status, headers);
  if (req.method === 'HEAD' || !file) {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

/** Serves `dir` on loopback; resolves once it listens. */
export async function serveStatic(dir: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const root = path.resolve(dir);
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const host = options.host ?? '127.0.0.1';

  async function notFound(req: IncomingMessage, res: ServerResponse) {
    const page = path.join(root, '404.html');
    if (await isFile(page)) {
      const { size } = await stat(page);
      send(req, res, 404, { 'Content-Type': contentTypeOf(page), 'Content-Length': size, 'Cache-Control': 'no-cache' }, page);
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(req.method === 'HEAD' ? undefined : 'Not found\n');
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
      return;
    }
    const raw = req.url ?? '/';
    const queryAt = raw.search(/[?#]/);
    const rawPath = queryAt === -1 ? raw : raw.slice(0, queryAt);
    const query = queryAt === -1 ? '' : raw.slice(queryAt).replace(/#.*$/, '');
    let pathname: string;
    try {
      pathname = decodeURIComponent(rawPath);
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request\n');
      return;
    }
    // Refuse traversal outright, encoded (`%2e%2e`) or not, rather than normalising it away.
    const segments = pathname.split(/[/\\]/);
    if (!pathname.startsWith('/') || pathname.includes('\0') || segments.includes('..')) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Forbidden\n');
      return;
    }
    if (basePath) {
      if (pathname === basePath) {
        res.writeHead(301, { Location: `${basePath}/${query}` }).end();
        return;
      }
      if (!pathname.startsWith(`${basePath}/`)) return notFound(req, res);
      pathname = pathname.slice(basePath.length);
    }
    const file = path.join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Forbidden\n');
      return;
    }
    if (await isFile(file)) {
      const { size } = await stat(file);
      send(req, res, 200, { 'Content-Type': contentTypeOf(file), 'Content-Length': size, 'Cache-Control': 'no-cache' }, file);
      return;
    }
    if (!pathname.endsWith('/') && (await isFile(path.join(file, 'index.html')))) {
      res.writeHead(301, { Location: `${basePath}${rawPath.slice(basePath.length)}/${query}` }).end();
      return;
    }
    return notFound(req, res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;
  return {
    url: `${origin}${basePath}/`,
    origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
