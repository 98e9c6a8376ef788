// Serves a built dashboards folder over HTTP on localhost the way a static host does (clean URLs: /trade →
// trade.html), passing /api/ on to a running API when one is given, so that pages call the same origin.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
    '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
    '.csv': 'text/csv', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2',
};

export interface StaticSite {
    origin: string;
    close(): Promise<void>;
}

export async function serveStaticSite(root: string, options: { apiOrigin?: string } = {}): Promise<StaticSite> {
    const server: Server = createServer((request, response) => {
        const url = new URL(request.url ?? '/', 'http://localhost');
        if (url.pathname.startsWith('/api/') && options.apiOrigin) {
            const upstream = httpRequest(new URL(url.pathname + url.search, options.apiOrigin), { method: request.method, headers: request.headers }, (answer) => {
                response.writeHead(answer.statusCode ?? 502, answer.headers);
                answer.pipe(response);
            });
            request.pipe(upstream);
            return;
        }
        const relative = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
        const candidates = [join(root, relative), join(root, `${relative}.html`), join(root, relative, 'index.html')];
        const file = candidates.find((path) => path.startsWith(root) && existsSync(path) && statSync(path).isFile());
        if (!file) {
            response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'not_found', message: `no ${url.pathname}` }));
            return;
        }
        response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        createReadStream(file).pipe(response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise((resolve) => server.close(() => resolve())),
    };
}
