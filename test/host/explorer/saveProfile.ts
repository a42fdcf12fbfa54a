/**
 * Where the milliseconds of a save go, for the edit bench (edit.bench.ts): a timeline of one save
 * seen from the extension host, and an in-memory file system that is the workbench's floor for a
 * save through any extension's FileSystemProvider (the same pipeline as oss:, with no network).
 */
import * as vscode from 'vscode';
import type { RequestLogEntry } from '../../support/ossServer/server';

/** A provider with the test-only trace hook of OssFileSystemProvider. */
export interface Traced {
  trace: ((event: string, uri: vscode.Uri) => void) | undefined;
}

export interface Span {
  what: string;
  from: number;
  to: number;
  /** CPU time of this process (user + system, ms) during a provider call. */
  cpu?: number;
}

/** CPU time of this process (user + system, ms) since `from` (a process.cpuUsage() reading). */
export function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

/**
 * One save's timeline in ms from `start()`: the provider's stat/read/write calls (trace hook), the
 * server's requests, and VS Code's will-save / did-save events for `uri` as the extension host
 * receives them.
 */
export class SaveTimeline {
  readonly spans: Span[] = [];
  private t0 = 0;
  private firstRequest = 0;
  private readonly open = new Map<string, { at: number; cpu: NodeJS.CpuUsage }>();
  private subs: vscode.Disposable[] = [];

  constructor(
    private readonly uri: vscode.Uri,
    private readonly files?: Traced,
    private readonly requests?: readonly RequestLogEntry[],
  ) {}

  start(): void {
    this.t0 = performance.now();
    this.firstRequest = this.requests?.length ?? 0;
    const mark = (what: string) => (doc: vscode.TextDocument) => {
      if (doc.uri.toString() === this.uri.toString()) this.spans.push({ what, from: performance.now(), to: performance.now() });
    };
    this.subs = [
      vscode.workspace.onWillSaveTextDocument((e) => mark('willSave')(e.document)),
      vscode.workspace.onDidSaveTextDocument(mark('didSave')),
    ];
    if (this.files) {
      this.files.trace = (event) => {
        const what = event.slice(0, -1);
        const started = this.open.get(what);
        if (event.endsWith('>')) this.open.set(what, { at: performance.now(), cpu: process.cpuUsage() });
        else this.spans.push({ what, from: started?.at ?? this.t0, to: performance.now(), cpu: started && cpuMs(started.cpu) });
      };
    }
  }

  /** Ends the timeline; returns its spans relative to start(), sorted, with 'end' last. */
  stop(): Span[] {
    const end = performance.now();
    this.subs.forEach((s) => s.dispose());
    if (this.files) this.files.trace = undefined;
    for (const r of this.requests?.slice(this.firstRequest) ?? []) {
      this.spans.push({ what: r.op, from: r.startedMs ?? this.t0, to: r.finishedMs ?? r.startedMs ?? this.t0 });
    }
    const rel = this.spans.map((s) => ({ ...s, from: s.from - this.t0, to: s.to - this.t0 })).sort((a, b) => a.from - b.from);
    rel.push({ what: 'end', from: end - this.t0, to: end - this.t0 });
    return rel;
  }
}

export function formatTimeline(spans: readonly Span[]): string {
  return spans.map((x) => (x.to - x.from < 0.05 ? `${x.what} ${x.from.toFixed(1)}` : `${x.what} ${x.from.toFixed(1)}–${x.to.toFixed(1)}`)).join(' · ');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The median time of each step over several timelines of the same kind of save: for each name,
 * its n-th occurrence's start and end (stat #1 is VS Code's check before writing, stat #2 the one
 * after). Steps not in every timeline are left out.
 */
export function medianTimeline(timelines: readonly Span[][]): string {
  const keyed = timelines.map((spans) => {
    const seen = new Map<string, number>();
    const out = new Map<string, Span>();
    for (const s of spans) {
      const n = (seen.get(s.what) ?? 0) + 1;
      seen.set(s.what, n);
      out.set(n === 1 ? s.what : `${s.what}#${n}`, s);
    }
    return out;
  });
  const first = keyed[0];
  if (!first) return '';
  const steps = [...first.keys()].filter((k) => keyed.every((m) => m.has(k)));
  const rows = steps.map((k) => ({ what: k, from: median(keyed.map((m) => m.get(k)?.from ?? 0)), to: median(keyed.map((m) => m.get(k)?.to ?? 0)) }));
  return formatTimeline(rows.sort((a, b) => a.from - b.from));
}

/**
 * A FileSystemProvider that keeps files in memory and answers at once: a save of a document on it
 * costs only what the workbench and the extension-host channel cost.
 */
export class MemoryFileSystem implements vscode.FileSystemProvider, Traced {
  static readonly scheme = 'ossbenchmem';
  private readonly files = new Map<string, { data: Uint8Array; mtime: number }>();
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  trace: ((event: string, uri: vscode.Uri) => void) | undefined;
  writeCalls = 0;

  uri(name: string): vscode.Uri {
    return vscode.Uri.from({ scheme: MemoryFileSystem.scheme, path: `/${name}` });
  }

  put(name: string, text: string): vscode.Uri {
    const uri = this.uri(name);
    this.files.set(uri.path, { data: Buffer.from(text), mtime: Date.now() });
    return uri;
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    this.trace?.('stat>', uri);
    try {
      if (uri.path === '/') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
      const f = this.files.get(uri.path);
      if (!f) throw vscode.FileSystemError.FileNotFound(uri);
      return { type: vscode.FileType.File, ctime: f.mtime, mtime: f.mtime, size: f.data.byteLength };
    } finally {
      this.trace?.('stat<', uri);
    }
  }

  readFile(uri: vscode.Uri): Uint8Array {
    this.trace?.('read>', uri);
    try {
      const f = this.files.get(uri.path);
      if (!f) throw vscode.FileSystemError.FileNotFound(uri);
      return f.data;
    } finally {
      this.trace?.('read<', uri);
    }
  }

  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    this.trace?.('write>', uri);
    this.writeCalls++;
    this.files.set(uri.path, { data: content, mtime: Date.now() });
    this.trace?.('write<', uri);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    this.files.delete(uri.path);
  }

  rename(oldUri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(oldUri);
  }
}
