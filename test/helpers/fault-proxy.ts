import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy does to the requests it forwards. */
export interface Faults {
  /** Answer every Nth request with 503 SlowDown (0: never). */
  failEvery?: number;
  /** Drop the connection of every Nth request without answering (0: never). */
  dropEvery?: number;
  /** Delay every response by this many ms. */
  delayMs?: number;
  /** Fail every request this predicate picks (e.g. CompleteMultipartUpload) with 500 InternalError. */
  failWhen?: (req: http.IncomingMessage) => boolean;
  /** Request headers dropped on the way (e.g. if-none-match: a store that ignores conditional writes). */
  stripRequestHeaders?: string[];
  /** Response headers dropped on the way back (e.g. etag: a store that does not confirm what it stored). */
  stripResponseHeaders?: string[];
}

/** A request the proxy saw, for counting (e.g. PUTs that reached the server). */
export interface SeenRequest {
  method: string;
  url: string;
  status: number | 'dropped' | 'injected-503' | 'injected-500';
  /** SHA-256 of the request body as it crossed the wire (to find a key written twice with other bytes). */
  bodySha256: string;
}

/**
 * A small HTTP proxy on loopback between an S3 client and the server, injecting faults: 503 SlowDown on every
 * Nth request, dropped connections, slow responses, a chosen operation failing. Faults come from the wire,
 * not from mocking the SDK, so the SDK's real retry logic is what is tested.
 */
export async function startFaultProxy(upstream: string, faults: Faults = {}) {
  const target = new URL(upstream);
  const seen: SeenRequest[] = [];
  let n = 0;
  const sockets = new Set<Socket>();
  const state = { faults };
  const server = http.createServer((req, res) => {
    const i = ++n;
    const f = state.faults;
    const hash = createHash('sha256');
    let bodySha256 = '';
    req.on('data', (c: Buffer) => hash.update(c));
    req.on('end', () => (bodySha256 = hash.digest('hex')));
    const record = (status: SeenRequest['status']) => seen.push({ method: req.method ?? '', url: req.url ?? '', status, bodySha256 });
    const drain = (then: () => void) => {
      req.resume();
      req.on('end', then);
    };
    if (f.dropEvery && i % f.dropEvery === 0) {
      record('dropped');
      return drain(() => req.socket.destroy());
    }
    if (f.failEvery && i % f.failEvery === 0) {
      record('injected-503');
      return drain(() => {
        res.writeHead(503, { 'content-type': 'application/xml' });
        res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>');
      });
    }
    if (f.failWhen?.(req)) {
      record('injected-500');
      return drain(() => {
        res.writeHead(500, { 'content-type': 'application/xml' });
        res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>Injected failure.</Message></Error>');
      });
    }
    const headers = without(req.headers, f.stripRequestHeaders);
    const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (upRes) => {
      const send = () => {
        record(upRes.statusCode ?? 0);
        res.writeHead(upRes.statusCode ?? 502, without(upRes.headers, f.stripResponseHeaders));
        upRes.pipe(res);
      };
      if (f.delayMs) setTimeout(send, f.delayMs);
      else send();
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    seen,
    /** Changes the faults from now on. */
    set(next: Faults) {
      state.faults = next;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A copy of `headers` without the ones `names` lists (any case). */
function without(headers: http.IncomingHttpHeaders, names: string[] = []): http.IncomingHttpHeaders {
  const kept = { ...headers };
  for (const h of names) delete kept[h.toLowerCase()];
  return kept;
}
