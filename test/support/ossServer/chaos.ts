/**
 * Random, seeded fault injection for the local OSS server (the fault soak, bench/soak). Every
 * routed request may get one fault that applies to it, drawn from a seeded PRNG; the faults
 * themselves are the ones of faults.ts, so `faults.fired` counts those that actually hit.
 */
import type { ChaosRequest, Faults } from './faults';

export interface ChaosOptions {
  /** Uniform [0, 1) generator (test/support/prng.ts). */
  rng: () => number;
  /** Probability that a request gets a fault (default 0.08). */
  rate?: number;
  /** The client's request time-out: stalls last longer than this. */
  clientTimeoutMs: number;
  /** All temporary credentials expire (the STS token expiry fault). */
  expireTokens: () => void;
  /** Called for every fault queued (kind), e.g. for a log. */
  onFault?: (kind: string, r: ChaosRequest) => void;
}

const BODY_OPS = new Set(['PutObject', 'UploadPart']);
const CRC_OPS = new Set(['PutObject', 'UploadPart', 'GetObject', 'CompleteMultipartUpload', 'HeadObject']);
const SKEW_MS = 20 * 60 * 1000;

/** Starts injecting; returns a function that stops it (and clears any skew). */
export function startChaos(faults: Faults, o: ChaosOptions): () => void {
  const rate = o.rate ?? 0.08;
  let skewTimer: NodeJS.Timeout | undefined;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(o.rng() * xs.length)];
  const match = (r: ChaosRequest) => ({ method: r.method, op: r.op, bucket: r.bucket, key: r.key });

  const kinds = (r: ChaosRequest): string[] => {
    const k = ['http500', 'http503', 'stall'];
    if (BODY_OPS.has(r.op) && r.bodyLength > 1) k.push('resetRequestBody', 'resetRequestBody');
    if (r.op === 'GetObject') k.push('resetResponseBody', 'corruptBody', 'drip', 'drip');
    if (CRC_OPS.has(r.op)) k.push('corruptCrcHeader');
    if (r.op === 'CompleteMultipartUpload') k.push('lostResponse', 'lostResponse', 'lostResponse');
    if (r.op === 'UploadPart') k.push('expireTokens');
    if (skewTimer === undefined) k.push('clockSkew');
    return k;
  };

  faults.chaos = (r) => {
    // A lost Complete response is the fault that matters most: make it common for that request.
    const p = r.op === 'CompleteMultipartUpload' ? Math.max(rate, 0.3) : rate;
    if (o.rng() >= p) return;
    const kind = pick(kinds(r));
    o.onFault?.(kind, r);
    switch (kind) {
      case 'http500':
        faults.failNext(1 + Math.floor(o.rng() * 2), 500, match(r));
        break;
      case 'http503':
        // A burst: sometimes longer than the client's retries (a clean failure is then expected).
        faults.failNext(1 + Math.floor(o.rng() * 4), 503, match(r), o.rng() < 0.5 ? 1 : 0);
        break;
      case 'stall':
        faults.stallNext(1, Math.round(o.clientTimeoutMs * (1.3 + o.rng())), match(r));
        break;
      case 'resetRequestBody':
        faults.resetRequestAfterBytes(Math.floor(o.rng() * (r.bodyLength - 1)), 1);
        break;
      case 'resetResponseBody':
        faults.resetResponseAfterBytes(Math.floor(o.rng() * 64 * 1024), 1);
        break;
      case 'corruptBody':
        faults.corruptBodyNext(1);
        break;
      case 'drip':
        faults.dripNext(1, 4096 + Math.floor(o.rng() * 28 * 1024), Math.round(o.clientTimeoutMs * (0.05 + 0.3 * o.rng())));
        break;
      case 'corruptCrcHeader':
        // One at a time: a pile of pending corruptions would hit consecutive answers.
        if (faults.crcCorruptions === 0) faults.corruptCrcNext(1);
        break;
      case 'lostResponse':
        faults.dropResponseNext(1, match(r));
        break;
      case 'expireTokens':
        o.expireTokens();
        break;
      case 'clockSkew':
        faults.clockOffsetMs = o.rng() < 0.5 ? SKEW_MS : -SKEW_MS;
        skewTimer = setTimeout(() => {
          faults.clockOffsetMs = 0;
          skewTimer = undefined;
        }, 300 + Math.floor(o.rng() * 1500));
        break;
    }
  };

  return () => {
    faults.chaos = undefined;
    if (skewTimer) clearTimeout(skewTimer);
    skewTimer = undefined;
    faults.clockOffsetMs = 0;
  };
}
