/** One attempt's controls: caller abort + idle time-out, body metering, and body reading helpers. */
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { Crc64 } from '../crc64';
import { OssAbortError, OssClientError, OssError, OssNetworkError } from './errors';
import { isNetworkSetupError } from '../http/network';

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new OssAbortError());
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new OssAbortError());
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Per-attempt controller: caller abort + idle time-out (re-armed by touch()). */
export class AttemptControl {
  readonly controller = new AbortController();
  timedOut = false;
  callerAborted = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly onCallerAbort = (): void => {
    this.callerAborted = true;
    this.controller.abort();
  };

  constructor(private readonly timeoutMs: number, private readonly caller?: AbortSignal) {
    if (caller) {
      if (caller.aborted) this.onCallerAbort();
      else caller.addEventListener('abort', this.onCallerAbort, { once: true });
    }
    this.touch();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  touch(): void {
    if (this.timer) this.timer.refresh();
    else if (this.timeoutMs > 0) {
      this.timer = setTimeout(() => {
        this.timedOut = true;
        this.controller.abort();
      }, this.timeoutMs);
      this.timer.unref?.();
    }
  }

  done(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.caller?.removeEventListener('abort', this.onCallerAbort);
  }

  /** Maps a low-level failure to the error the caller should see. */
  wrap(err: unknown, what: string, operation: string): Error {
    if (this.callerAborted) return new OssAbortError(operation);
    if (this.timedOut) return new OssNetworkError('RequestTimeout', `Timed out after ${this.timeoutMs} ms of inactivity while ${what}`, operation, err);
    if (err instanceof OssError || err instanceof OssClientError || err instanceof OssNetworkError || err instanceof OssAbortError) return err;
    // A proxy or certificate problem says what to change; retrying cannot help.
    if (isNetworkSetupError(err)) return err as Error;
    const e = err as { code?: string; message?: string };
    const detail = e?.code ? `${e.code}${e.message ? ` (${e.message})` : ''}` : e?.message || String(err);
    return new OssNetworkError('NetworkError', `Network error while ${what}: ${detail}`, operation, err);
  }
}

/** Pass-through that touches the idle timer, optionally computes CRC-64 and counts bytes. */
export class Meter extends Transform {
  readonly crc?: Crc64;
  bytes = 0;
  constructor(private readonly ctl: AttemptControl, withCrc: boolean, private readonly onBytes?: (n: number) => void) {
    super({ highWaterMark: 1 << 20 });
    if (withCrc) this.crc = new Crc64();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.ctl.touch();
    this.bytes += chunk.length;
    this.crc?.update(chunk);
    if (this.onBytes) {
      try {
        this.onBytes(chunk.length);
      } catch {
        /* a progress hook must not break the upload */
      }
    }
    cb(null, chunk);
  }
}

/**
 * A body over its cap: the connection is dropped (nothing more is read or buffered) and the call
 * fails with OssClientError('ResponseTooLarge'), which is not retried (the same answer would come).
 */
export function tooLarge(ctl: AttemptControl, message: string, operation: string): OssClientError {
  ctl.controller.abort();
  ctl.done();
  return new OssClientError('ResponseTooLarge', message, operation);
}

export async function drain(stream: Readable, ctl: AttemptControl): Promise<void> {
  for await (const _c of stream) ctl.touch();
}
