/**
 * A Prompter for host tests: answers come from a script, in order. Non-modal messages are only
 * recorded (commands never wait for them); modal messages, pickers and dialogs take the next answer.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Back, InputStep, LivePick, LivePickChoice, LivePickStep, MessageOptions, ProgressTask, Prompter, QuickPickStep } from '../../../src/ui/prompter';

export type Request =
  | { kind: 'pick'; step: QuickPickStep<vscode.QuickPickItem> }
  | { kind: 'input'; step: InputStep }
  | { kind: 'live'; step: LivePickStep; pick: ScriptedLivePick<vscode.QuickPickItem> }
  | { kind: 'modal'; level: string; message: string; options: MessageOptions; items: string[] }
  | { kind: 'open'; options: vscode.OpenDialogOptions }
  | { kind: 'save'; options: vscode.SaveDialogOptions };

export type Answer = (req: Request) => unknown | Promise<unknown>;

export interface Message {
  level: 'info' | 'warning' | 'error';
  message: string;
  modal: boolean;
  items: string[];
}

/**
 * A live pick as a test sees it: every append (with the busy flag and title at that moment) is
 * recorded; the script chooses an item, presses one of its buttons, or closes it.
 */
export class ScriptedLivePick<T extends vscode.QuickPickItem> implements LivePick<T> {
  title: string | undefined;
  placeholder: string | undefined;
  private busyNow = false;
  readonly items: T[] = [];
  /** One entry per append and per busy change, in order. */
  readonly history: { items: number; busy: boolean; title?: string; at: number }[] = [];
  private readonly aborter = new AbortController();
  private resolve!: (v: LivePickChoice<T> | undefined) => void;
  readonly result = new Promise<LivePickChoice<T> | undefined>((r) => (this.resolve = r));
  private waiters: (() => void)[] = [];

  constructor(step: LivePickStep) {
    this.title = step.title;
    this.placeholder = step.placeholder;
  }
  get signal(): AbortSignal {
    return this.aborter.signal;
  }
  get busy(): boolean {
    return this.busyNow;
  }
  set busy(v: boolean) {
    this.busyNow = v;
    this.note();
  }
  append(items: readonly T[]): void {
    if (this.aborter.signal.aborted || items.length === 0) return;
    this.items.push(...items);
    this.note();
  }
  private note(): void {
    this.history.push({ items: this.items.length, busy: this.busyNow, title: this.title, at: Date.now() });
    for (const w of this.waiters.splice(0)) w();
  }
  /** Resolves once `cond` holds (checked after every change); fails after `ms`. */
  async until(cond: () => boolean, what: string, ms = 20000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!cond()) {
      const left = deadline - Date.now();
      assert.ok(left > 0, `live pick: timed out waiting for ${what}; ${this.items.length} items, busy ${this.busyNow}, title "${this.title}"`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }
  /** Resolves once the pick is no longer busy (its work has ended). */
  done(ms?: number): Promise<void> {
    return this.until(() => !this.busyNow && this.history.length > 0, 'the end of the work', ms);
  }
  choose(item: T, button?: vscode.QuickInputButton): void {
    this.finish({ item, button });
  }
  close(): void {
    this.finish(undefined);
  }
  private finish(v: LivePickChoice<T> | undefined): void {
    if (this.aborter.signal.aborted) return;
    this.aborter.abort();
    this.resolve(v);
    for (const w of this.waiters.splice(0)) w();
  }
}

export class ScriptedPrompter implements Prompter {
  private queue: Answer[] = [];
  readonly messages: Message[] = [];
  readonly asked: Request[] = [];
  /** URLs given to openExternal (recorded, never opened). */
  readonly opened: string[] = [];
  /** Every progress notification shown, with its reports and when they came. */
  readonly progress: { title?: string; cancellable: boolean; reports: { message?: string; increment?: number; at: number }[] }[] = [];
  /** Answers non-modal notifications (e.g. presses "Resume" on an offer); by default they are only recorded. */
  answerNotification: ((m: Message) => string | undefined) | undefined;
  /** Presses Cancel on a (cancellable) progress notification at the first report this accepts. */
  cancelProgressWhen: ((report: { message?: string; increment?: number }) => boolean) | undefined;

  /** Adds answers; each is consumed by one pick / input / modal message / dialog. */
  script(...answers: Answer[]): this {
    this.queue.push(...answers);
    return this;
  }

  get remaining(): number {
    return this.queue.length;
  }

  assertDone(): void {
    assert.deepStrictEqual(this.liveFailures.map(String), [], 'every live pick script ran to its end');
    assert.strictEqual(this.queue.length, 0, `${this.queue.length} scripted answer(s) were not used; asked: ${this.asked.map(describe).join(' | ')}; messages: ${this.messages.map((m) => `${m.level}: ${m.message}`).join(' | ')}`);
  }

  reset(): void {
    this.queue = [];
    this.messages.length = 0;
    this.asked.length = 0;
    this.opened.length = 0;
    this.progress.length = 0;
    this.liveFailures.length = 0;
    this.cancelProgressWhen = undefined;
    this.answerNotification = undefined;
  }

  private async next(req: Request): Promise<unknown> {
    this.asked.push(req);
    const a = this.queue.shift();
    if (!a) throw new Error(`No scripted answer for ${describe(req)}`);
    return a(req);
  }

  async showQuickPick<T extends vscode.QuickPickItem>(step: QuickPickStep<T>): Promise<T | Back | undefined> {
    return (await this.next({ kind: 'pick', step: step })) as T | undefined;
  }

  async showInputBox(step: InputStep): Promise<string | Back | undefined> {
    return (await this.next({ kind: 'input', step })) as string | undefined;
  }

  /** The script's answer drives the pick (see live()); when it fails, the pick closes and the failure is kept. */
  readonly liveFailures: unknown[] = [];
  createLivePick<T extends vscode.QuickPickItem>(step: LivePickStep): LivePick<T> {
    const pick = new ScriptedLivePick<T>(step);
    this.next({ kind: 'live', step, pick: pick as unknown as ScriptedLivePick<vscode.QuickPickItem> }).catch((err: unknown) => {
      this.liveFailures.push(err);
      pick.close();
    });
    return pick;
  }

  private async message(level: Message['level'], message: string, options: MessageOptions, items: string[]): Promise<string | undefined> {
    const m = { level, message, modal: !!options.modal, items };
    this.messages.push(m);
    if (!options.modal) return this.answerNotification?.(m);
    return (await this.next({ kind: 'modal', level, message, options, items })) as string | undefined;
  }

  showInformationMessage(message: string, options: MessageOptions, ...items: string[]): Promise<string | undefined> {
    return this.message('info', message, options, items);
  }
  showWarningMessage(message: string, options: MessageOptions, ...items: string[]): Promise<string | undefined> {
    return this.message('warning', message, options, items);
  }
  showErrorMessage(message: string, options: MessageOptions, ...items: string[]): Promise<string | undefined> {
    return this.message('error', message, options, items);
  }
  async showOpenDialog(options: vscode.OpenDialogOptions): Promise<vscode.Uri[] | undefined> {
    return (await this.next({ kind: 'open', options })) as vscode.Uri[] | undefined;
  }
  async showSaveDialog(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined> {
    return (await this.next({ kind: 'save', options })) as vscode.Uri | undefined;
  }
  async openExternal(url: string): Promise<boolean> {
    this.opened.push(url);
    return true;
  }
  async withProgress<R>(options: vscode.ProgressOptions, task: ProgressTask<R>): Promise<R> {
    const record = { title: options.title, cancellable: !!options.cancellable, reports: [] as { message?: string; increment?: number; at: number }[] };
    this.progress.push(record);
    const cancel = new vscode.CancellationTokenSource();
    try {
      return await task(
        {
          report: (r) => {
            record.reports.push({ ...r, at: Date.now() });
            if (options.cancellable && this.cancelProgressWhen?.(r)) cancel.cancel();
          },
        },
        cancel.token,
      );
    } finally {
      cancel.dispose();
    }
  }
}

function describe(r: Request): string {
  switch (r.kind) {
    case 'pick':
      return `pick "${r.step.title ?? ''}" [${r.step.placeholder ?? ''}]`;
    case 'input':
      return `input "${r.step.title ?? ''}" [${r.step.prompt ?? ''}]`;
    case 'live':
      return `live pick "${r.step.title ?? ''}" [${r.step.placeholder ?? ''}]`;
    case 'modal':
      return `modal "${r.message}"`;
    default:
      return r.kind;
  }
}

// ------------------------------------------------------------------ answer builders

/** Picks the first item whose label (codicons ignored) or description contains `text`. */
export function pick(text: string): Answer {
  return (r) => {
    assert.strictEqual(r.kind, 'pick', `expected a quick pick for "${text}", got ${describe(r)}`);
    const step = (r).step;
    const item =
      step.items.find((i) => i.label.replace(/\$\([^)]+\)\s*/g, '').includes(text)) ?? step.items.find((i) => (i.description ?? '').includes(text));
    assert.ok(item, `no item "${text}" in ${step.items.map((i) => i.label).join(', ')}`);
    return item;
  };
}

/** Presses Enter on a quick pick: takes its pre-selected item, which must contain `text` when given. */
export function accept(text?: string): Answer {
  return (r) => {
    assert.strictEqual(r.kind, 'pick', `expected a quick pick, got ${describe(r)}`);
    const item = r.step.activeItem;
    assert.ok(item, `no item is pre-selected in ${describe(r)}`);
    if (text !== undefined) assert.ok(item.label.includes(text), `"${item.label}" is pre-selected, expected "${text}"`);
    return item;
  };
}

/** Types `value` (undefined = accept the prefilled value); fails when the step's validation rejects it. */
export function type(value?: string, check?: (step: InputStep) => void | Promise<void>): Answer {
  return async (r) => {
    assert.strictEqual(r.kind, 'input', `expected an input box for "${value}", got ${describe(r)}`);
    const step = (r).step;
    if (check) await check(step);
    const v = value ?? step.value ?? '';
    const problem = step.validate ? await step.validate(v) : undefined;
    assert.strictEqual(problem, undefined, `"${v}" was rejected by ${describe(r)}: ${problem}`);
    return v;
  };
}

/** Answers a modal message with the button `label` (undefined = Cancel). */
export function button(label: string | undefined, contains?: string): Answer {
  return (r) => {
    assert.strictEqual(r.kind, 'modal', `expected a modal message, got ${describe(r)}`);
    const m = r;
    if (contains) assert.ok(m.message.includes(contains) || (m.options.detail ?? '').includes(contains), `"${m.message}" should mention "${contains}"`);
    if (label !== undefined) assert.ok(m.items.includes(label), `no button "${label}" in ${m.items.join(', ')}`);
    return label;
  };
}

export function files(...uris: vscode.Uri[]): Answer {
  return (r) => {
    assert.strictEqual(r.kind, 'open', `expected an open dialog, got ${describe(r)}`);
    return uris;
  };
}

export function saveAs(uri: vscode.Uri): Answer {
  return (r) => {
    assert.strictEqual(r.kind, 'save', `expected a save dialog, got ${describe(r)}`);
    return uri;
  };
}

/** Drives a live pick: `run` gets it, waits for what it needs, then chooses or closes. */
export function live(run: (p: ScriptedLivePick<vscode.QuickPickItem>) => void | Promise<void>): Answer {
  return async (r) => {
    assert.strictEqual(r.kind, 'live', `expected a live pick, got ${describe(r)}`);
    await run(r.pick);
  };
}
