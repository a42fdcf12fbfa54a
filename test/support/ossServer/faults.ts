/** Fault injection for the local OSS server (failures, dropped responses, resets, bad CRCs), driven by tests. */
import type * as http from 'node:http';
import { OssError, RequestAborted } from './errors';

export interface FaultMatch {
  method?: string;
  /** Operation name, e.g. 'PutObject', 'UploadPart', 'GetObject', 'ListObjectsV2'. */
  op?: string;
  bucket?: string;
  key?: string;
}

interface FailRule {
  remaining: number;
  status: number;
  match?: FaultMatch;
  /** 503 only: a Retry-After header (seconds). */
  retryAfterSeconds?: number;
}

/** What the chaos hook sees of a request (chaos.ts): enough to pick a fault that applies to it. */
export interface ChaosRequest {
  method: string;
  op: string;
  bucket?: string;
  key?: string;
  /** Content-Length of the request body (0 when none). */
  bodyLength: number;
}

/** Fault injection, controlled by tests. */
export class Faults {
  /** Extra delay before every request is handled. */
  latencyMs = 0;
  /** Server clock skew (ms) added to the server's notion of "now". */
  clockOffsetMs = 0;
  /** @internal */ failRules: FailRule[] = [];
  /** @internal */ requestResets: { afterBytes: number; remaining: number }[] = [];
  /** @internal */ responseResets: { afterBytes: number; remaining: number }[] = [];
  /** @internal */ dropRules: FailRule[] = [];
  /** @internal */ crcCorruptions = 0;
  /** The next n object downloads (GetObject) are sent chunked, without Content-Length. */
  chunkedResponses = 0;
  /** @internal */ stallRules: (FailRule & { ms: number })[] = [];
  /** @internal */ drips: { chunkBytes: number; intervalMs: number; remaining: number }[] = [];
  /** @internal */ bodyCorruptions = 0;
  /** How many injected faults actually hit a request, by kind (see {@link note}). */
  readonly fired: Record<string, number> = {};
  /** Called for every routed request before any fault is taken; may queue faults for it (chaos.ts). */
  chaos?: (r: ChaosRequest) => void;

  constructor(private readonly onExpireTokens: () => void) {}

  /** The next n matching requests fail with `status` (500 InternalError, 503 ServiceUnavailable, others by status). */
  failNext(n = 1, status: number = 500, match?: FaultMatch, retryAfterSeconds?: number): this {
    this.failRules.push({ remaining: n, status, match, retryAfterSeconds });
    return this;
  }

  /**
   * The next n matching requests get no answer for `ms` (a stall; the request is not carried out
   * when the client has given up by then, as if it never reached the service).
   */
  stallNext(n: number, ms: number, match?: FaultMatch): this {
    this.stallRules.push({ remaining: n, status: 0, ms, match });
    return this;
  }

  /** The next `count` object downloads send their body in `chunkBytes` slices, `intervalMs` apart. */
  dripNext(count: number, chunkBytes: number, intervalMs: number): this {
    this.drips.push({ chunkBytes: Math.max(1, chunkBytes), intervalMs, remaining: count });
    return this;
  }

  /** The next `count` object downloads (with at least one byte) get one body byte flipped. */
  corruptBodyNext(count = 1): this {
    this.bodyCorruptions += count;
    return this;
  }

  /** Counts one fault of `kind` that hit a request. */
  note(kind: string): void {
    this.fired[kind] = (this.fired[kind] ?? 0) + 1;
  }

  /** Total of {@link fired}. */
  get firedTotal(): number {
    return Object.values(this.fired).reduce((a, b) => a + b, 0);
  }

  /** Destroys the socket after reading n bytes of the body of the next `count` requests that have a body larger than n. */
  resetRequestAfterBytes(n: number, count = 1): this {
    this.requestResets.push({ afterBytes: n, remaining: count });
    return this;
  }

  /**
   * The next n matching requests are carried out in full, then the connection is dropped instead
   * of answering (a response lost on the way back). The request log shows status 0 for them.
   */
  dropResponseNext(n = 1, match?: FaultMatch): this {
    this.dropRules.push({ remaining: n, status: 0, match });
    return this;
  }

  /** Destroys the socket after sending n bytes of the body of the next `count` object downloads (GetObject). */
  resetResponseAfterBytes(n: number, count = 1): this {
    this.responseResets.push({ afterBytes: n, remaining: count });
    return this;
  }

  /** The next `count` responses carrying x-oss-hash-crc64ecma get a wrong value. */
  corruptCrcNext(count = 1): this {
    this.crcCorruptions += count;
    return this;
  }

  /** All temporary credentials issued so far become expired. */
  expireTokensNow(): this {
    this.onExpireTokens();
    return this;
  }

  /** Clears every fault (latency and clock offset back to 0). */
  reset(): this {
    this.latencyMs = 0;
    this.clockOffsetMs = 0;
    this.failRules = [];
    this.requestResets = [];
    this.responseResets = [];
    this.dropRules = [];
    this.crcCorruptions = 0;
    this.chunkedResponses = 0;
    this.stallRules = [];
    this.drips = [];
    this.bodyCorruptions = 0;
    this.chaos = undefined;
    return this;
  }

  /** @internal */
  takeFail(method: string, op: string, bucket?: string, key?: string): { status: number; retryAfterSeconds?: number } | undefined {
    const r = this.take('failRules', method, op, bucket, key);
    if (r) this.note(`http${r.status}`);
    return r;
  }

  /** @internal */
  takeDrop(method: string, op: string, bucket?: string, key?: string): boolean {
    const r = this.take('dropRules', method, op, bucket, key);
    if (r) this.note(`lostResponse:${op}`);
    return r !== undefined;
  }

  /** @internal Milliseconds to stall this request, if a stall rule matches. */
  takeStall(method: string, op: string, bucket?: string, key?: string): number | undefined {
    const r = this.take<FailRule & { ms: number }>('stallRules', method, op, bucket, key);
    if (r) this.note('stall');
    return r?.ms;
  }

  /** @internal A drip for the next download, if one is pending. */
  takeDrip(): { chunkBytes: number; intervalMs: number } | undefined {
    const d = this.drips.find((x) => x.remaining > 0);
    if (!d) return undefined;
    d.remaining--;
    this.drips = this.drips.filter((x) => x.remaining > 0);
    this.note('drip');
    return d;
  }

  /** @internal */
  takeBodyCorruption(): boolean {
    if (this.bodyCorruptions <= 0) return false;
    this.bodyCorruptions--;
    this.note('corruptBody');
    return true;
  }

  private take<R extends FailRule>(list: 'failRules' | 'dropRules' | 'stallRules', method: string, op: string, bucket?: string, key?: string): R | undefined {
    for (const r of this[list] as R[]) {
      if (r.remaining <= 0) {
        continue;
      }
      const m = r.match;
      if (m && ((m.method && m.method.toUpperCase() !== method) || (m.op && m.op !== op) ||
        (m.bucket !== undefined && m.bucket !== bucket) || (m.key !== undefined && m.key !== key))) {
        continue;
      }
      r.remaining--;
      this[list] = (this[list] as R[]).filter((x) => x.remaining > 0) as never;
      return r;
    }
    return undefined;
  }

  /** @internal Bytes after which to reset the next request whose body has `expected` bytes (undefined: unknown length). */
  takeRequestReset(expected: number | undefined): number | undefined {
    return this.takeReset('requestResets', (afterBytes) => expected === undefined || expected > afterBytes);
  }

  /** @internal Bytes after which to cut the next download of `size` bytes. */
  takeResponseReset(size: number): number | undefined {
    return this.takeReset('responseResets', (afterBytes) => size > afterBytes);
  }

  private takeReset(list: 'requestResets' | 'responseResets', applies: (afterBytes: number) => boolean): number | undefined {
    const r = this[list].find((x) => x.remaining > 0 && applies(x.afterBytes));
    if (!r) {
      return undefined;
    }
    r.remaining--;
    this[list] = this[list].filter((x) => x.remaining > 0);
    this.note(list === 'requestResets' ? 'resetRequestBody' : 'resetResponseBody');
    return r.afterBytes;
  }

  /** @internal */
  takeCrcCorruption(): boolean {
    if (this.crcCorruptions > 0) {
      this.crcCorruptions--;
      this.note('corruptCrcHeader');
      return true;
    }
    return false;
  }
}

/** The error response of an injected failure (failNext). */
export function injectedError(status: number): OssError {
  const code = status === 503 ? 'ServiceUnavailable' : status === 500 ? 'InternalError' : status === 429 ? 'TooManyRequests' : 'InjectedFault';
  return new OssError(status, code, status === 503 ? 'Please reduce your request rate.' : 'We encountered an internal error. Please try again.');
}

/** dropResponseNext: the request is carried out, then the first write of the answer closes the socket instead. */
export function loseResponse(req: http.IncomingMessage, res: http.ServerResponse): void {
  const drop = (): never => {
    req.socket.destroy();
    throw new RequestAborted();
  };
  res.writeHead = drop;
  res.end = drop as never;
  res.write = drop as never;
}
