/**
 * End to end: the client never buffers more than the cap of a buffered answer (8 MiB of XML, 1 MiB
 * of error document), with or without Content-Length. A tiny HTTP server streams far more and
 * counts what it got to send before the client hung up.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OssClient, OssClientError } from '../../../src/core/client';
import { StaticAccessKeyProvider } from '../../../src/core/credentials';
import { MAX_ERROR_BODY_BYTES, MAX_XML_BYTES } from '../../../src/core/http/limits';

const MiB = 1024 * 1024;
const SENT_AT_MOST = 64 * MiB;

interface Flood {
  endpoint: string;
  requests: number;
  /** Bytes of body the last response managed to write before the socket closed. */
  written: number;
  close(): Promise<void>;
}

/** Answers every request with `status` and an XML body of 64 MiB, sent as fast as the client reads. */
async function flood(status: number, chunked: boolean): Promise<Flood> {
  const f: Flood = { endpoint: '', requests: 0, written: 0, close: () => Promise.resolve() };
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const server = http.createServer((req, res) => {
    f.requests++;
    f.written = 0;
    req.resume();
    res.statusCode = status;
    res.setHeader('content-type', 'application/xml');
    if (!chunked) res.setHeader('content-length', String(SENT_AT_MOST));
    res.write(status === 200 ? '<?xml version="1.0"?><ListBucketResult><Name>' : '<?xml version="1.0"?><Error><Code>InternalError</Code><Message>');
    const pump = (): void => {
      while (f.written < SENT_AT_MOST && !res.destroyed) {
        f.written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  f.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  f.close = () => new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });
  return f;
}

function clientFor(endpoint: string): OssClient {
  return new OssClient({
    endpoint, region: 'cn-hangzhou', credentials: new StaticAccessKeyProvider('LTAI5tCapTest00000001', 'capTestSecretValue000000000001'),
    timeoutMs: 10_000, retryBaseDelayMs: 5, retryMaxDelayMs: 20,
  });
}

/** The 64 MiB answer must fail with ResponseTooLarge, after one request and about `cap` bytes. */
async function expectTooLarge(status: number, chunked: boolean, message: RegExp, cap: number): Promise<void> {
  const f = await flood(status, chunked);
  const c = clientFor(f.endpoint);
  try {
    await assert.rejects(c.listObjects({ bucket: 'cap-bucket' }), (e: unknown) => {
      assert.ok(e instanceof OssClientError, String(e));
      assert.equal(e.code, 'ResponseTooLarge');
      assert.match(e.message, message);
      return true;
    });
    assert.equal(f.requests, 1, 'a too-large answer is not asked for again');
    // What the server could push: the cap plus socket and stream buffers, far from 64 MiB.
    assert.ok(f.written < cap + 8 * MiB, `the server wrote ${f.written} bytes`);
  } finally {
    c.destroy();
    await f.close();
  }
}

for (const chunked of [false, true]) {
  const how = chunked ? 'chunked, no Content-Length' : 'with Content-Length';
  describe(`core/client: capped buffered responses (${how})`, () => {
    it('a 64 MiB ListObjects answer fails with ResponseTooLarge after at most ~8 MiB, not retried', () =>
      expectTooLarge(200, chunked, new RegExp(`larger than ${MAX_XML_BYTES} bytes.*\\[ListObjects`), MAX_XML_BYTES));

    it('a 64 MiB error document (HTTP 500) fails with ResponseTooLarge after at most ~1 MiB, not retried', () =>
      expectTooLarge(500, chunked, new RegExp(`error response \\(HTTP 500\\) is larger than ${MAX_ERROR_BODY_BYTES} bytes`), MAX_ERROR_BODY_BYTES));
  });
}
