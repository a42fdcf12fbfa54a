import * as vscode from 'vscode';

/** Returned by a step when the user pressed the Back button. */
export const BACK: unique symbol = Symbol('ossExplorer.back');
export type Back = typeof BACK;

export interface StepInfo {
  title?: string;
  /** 1-based step number, shown as "2/5" in the title bar. */
  step?: number;
  totalSteps?: number;
  /** Show a Back button; pressing it resolves to BACK. */
  canGoBack?: boolean;
}

export interface QuickPickStep<T extends vscode.QuickPickItem> extends StepInfo {
  items: readonly T[];
  placeholder?: string;
  activeItem?: T;
  matchOnDescription?: boolean;
  matchOnDetail?: boolean;
}

export interface InputStep extends StepInfo {
  prompt?: string;
  placeholder?: string;
  value?: string;
  /** [start, end) of `value` to select. */
  valueSelection?: [number, number];
  password?: boolean;
  /** Returns an error message, or undefined when the value is acceptable. */
  validate?: (value: string) => string | undefined | Promise<string | undefined>;
}

export interface LivePickStep extends StepInfo {
  placeholder?: string;
  matchOnDescription?: boolean;
}

/** What was chosen in a live pick: an item accepted (Enter), or one of its buttons pressed. */
export interface LivePickChoice<T extends vscode.QuickPickItem> {
  item: T;
  button?: vscode.QuickInputButton;
}

/**
 * A quick pick whose items arrive while it is open (e.g. search results streaming in). Closing it,
 * or choosing an item, aborts `signal`, so the work that fills it stops with it.
 */
export interface LivePick<T extends vscode.QuickPickItem> {
  title: string | undefined;
  placeholder: string | undefined;
  busy: boolean;
  /** Adds items at the end, keeping the item the person is on. */
  append(items: readonly T[]): void;
  /** The choice, or undefined when the pick was closed. */
  readonly result: Promise<LivePickChoice<T> | undefined>;
  /** Aborted once the pick is closed or an item chosen. */
  readonly signal: AbortSignal;
  /** Closes the pick (result: undefined, unless something was chosen already). */
  close(): void;
}

export interface MessageOptions {
  modal?: boolean;
  detail?: string;
}

/**
 * Everything the extension asks the user goes through this interface, so host tests can answer
 * prompts without a person. Methods that show a message resolve to the chosen button title
 * (undefined when dismissed). Non-modal messages are never awaited by commands.
 */
export interface Prompter {
  showQuickPick<T extends vscode.QuickPickItem>(step: QuickPickStep<T>): Promise<T | Back | undefined>;
  showInputBox(step: InputStep): Promise<string | Back | undefined>;
  /** Shows a quick pick that is filled while it is open (see LivePick). */
  createLivePick<T extends vscode.QuickPickItem>(step: LivePickStep): LivePick<T>;
  showInformationMessage(message: string, options: MessageOptions, ...items: string[]): Promise<string | undefined>;
  showWarningMessage(message: string, options: MessageOptions, ...items: string[]): Promise<string | undefined>;
  showErrorMessage(message: string, options: MessageOptions, ...items: string[]): Promise<string | undefined>;
  showOpenDialog(options: vscode.OpenDialogOptions): Promise<vscode.Uri[] | undefined>;
  showSaveDialog(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined>;
  /** Opens a URL outside VS Code (the system browser). */
  openExternal(url: string): Promise<boolean>;
  /** A progress notification (with a Cancel button when `options.cancellable`). */
  withProgress<R>(options: vscode.ProgressOptions, task: ProgressTask<R>): Thenable<R>;
}

export type ProgressTask<R> = (
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  token: vscode.CancellationToken,
) => Thenable<R>;

function stepTitle(s: StepInfo): string | undefined {
  if (s.step !== undefined && s.totalSteps !== undefined && s.totalSteps > 1) {
    return `${s.title ?? ''} (${s.step}/${s.totalSteps})`.trim();
  }
  return s.title;
}

/** The real implementation on vscode.window, with Back buttons and live validation. */
export class WindowPrompter implements Prompter {
  showQuickPick<T extends vscode.QuickPickItem>(step: QuickPickStep<T>): Promise<T | Back | undefined> {
    return new Promise((resolve) => {
      const qp = vscode.window.createQuickPick<T>();
      const disposables: vscode.Disposable[] = [qp];
      let done = false;
      const finish = (v: T | Back | undefined): void => {
        if (done) return;
        done = true;
        resolve(v);
        for (const d of disposables) d.dispose();
      };
      qp.title = stepTitle(step);
      qp.placeholder = step.placeholder;
      qp.items = step.items;
      qp.matchOnDescription = step.matchOnDescription ?? true;
      qp.matchOnDetail = step.matchOnDetail ?? false;
      qp.ignoreFocusOut = true;
      if (step.activeItem) qp.activeItems = [step.activeItem];
      if (step.canGoBack) qp.buttons = [vscode.QuickInputButtons.Back];
      disposables.push(
        qp.onDidTriggerButton((b) => {
          if (b === vscode.QuickInputButtons.Back) finish(BACK);
        }),
        qp.onDidAccept(() => finish(qp.selectedItems[0] ?? qp.activeItems[0])),
        qp.onDidHide(() => finish(undefined)),
      );
      qp.show();
    });
  }

  showInputBox(step: InputStep): Promise<string | Back | undefined> {
    return new Promise((resolve) => {
      const box = vscode.window.createInputBox();
      const disposables: vscode.Disposable[] = [box];
      let done = false;
      let validation = 0;
      const finish = (v: string | Back | undefined): void => {
        if (done) return;
        done = true;
        resolve(v);
        for (const d of disposables) d.dispose();
      };
      const validate = async (value: string): Promise<string | undefined> => {
        const ticket = ++validation;
        const msg = step.validate ? await step.validate(value) : undefined;
        if (ticket === validation) box.validationMessage = msg;
        return msg;
      };
      box.title = stepTitle(step);
      box.prompt = step.prompt;
      box.placeholder = step.placeholder;
      box.value = step.value ?? '';
      if (step.valueSelection) box.valueSelection = step.valueSelection;
      box.password = step.password ?? false;
      box.ignoreFocusOut = true;
      if (step.canGoBack) box.buttons = [vscode.QuickInputButtons.Back];
      disposables.push(
        box.onDidTriggerButton((b) => {
          if (b === vscode.QuickInputButtons.Back) finish(BACK);
        }),
        box.onDidChangeValue((v) => void validate(v)),
        box.onDidAccept(async () => {
          const value = box.value;
          box.busy = true;
          const msg = await validate(value);
          box.busy = false;
          if (!msg) finish(value);
        }),
        box.onDidHide(() => finish(undefined)),
      );
      box.show();
      if (box.value) void validate(box.value);
    });
  }

  createLivePick<T extends vscode.QuickPickItem>(step: LivePickStep): LivePick<T> {
    const qp = vscode.window.createQuickPick<T>();
    const aborter = new AbortController();
    let resolve!: (v: LivePickChoice<T> | undefined) => void;
    const result = new Promise<LivePickChoice<T> | undefined>((r) => (resolve = r));
    const finish = (v: LivePickChoice<T> | undefined): void => {
      if (aborter.signal.aborted) return;
      aborter.abort();
      resolve(v);
      for (const d of disposables) d.dispose();
    };
    const disposables: vscode.Disposable[] = [
      qp.onDidAccept(() => {
        const item = qp.selectedItems[0] ?? qp.activeItems[0];
        if (item) finish({ item });
      }),
      qp.onDidTriggerItemButton((e) => finish({ item: e.item, button: e.button })),
      qp.onDidHide(() => finish(undefined)),
      qp,
    ];
    qp.title = stepTitle(step);
    qp.placeholder = step.placeholder;
    qp.matchOnDescription = step.matchOnDescription ?? true;
    qp.keepScrollPosition = true;
    qp.ignoreFocusOut = true;
    qp.show();
    return {
      get title() {
        return qp.title;
      },
      set title(v) {
        qp.title = v;
      },
      get placeholder() {
        return qp.placeholder;
      },
      set placeholder(v) {
        qp.placeholder = v;
      },
      get busy() {
        return qp.busy;
      },
      set busy(v) {
        qp.busy = v;
      },
      append(items) {
        if (aborter.signal.aborted || items.length === 0) return;
        const active = qp.activeItems;
        qp.items = [...qp.items, ...items];
        if (active.length > 0) qp.activeItems = active;
      },
      result,
      signal: aborter.signal,
      close: () => finish(undefined),
    };
  }

  async showInformationMessage(message: string, options: MessageOptions, ...items: string[]): Promise<string | undefined> {
    return vscode.window.showInformationMessage(message, options, ...items);
  }

  async showWarningMessage(message: string, options: MessageOptions, ...items: string[]): Promise<string | undefined> {
    return vscode.window.showWarningMessage(message, options, ...items);
  }

  async showErrorMessage(message: string, options: MessageOptions, ...items: string[]): Promise<string | undefined> {
    return vscode.window.showErrorMessage(message, options, ...items);
  }

  async showOpenDialog(options: vscode.OpenDialogOptions): Promise<vscode.Uri[] | undefined> {
    return vscode.window.showOpenDialog(options);
  }

  async showSaveDialog(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined> {
    return vscode.window.showSaveDialog(options);
  }

  withProgress<R>(options: vscode.ProgressOptions, task: ProgressTask<R>): Thenable<R> {
    return vscode.window.withProgress(options, task);
  }

  async openExternal(url: string): Promise<boolean> {
    // The string form is passed through unchanged; a vscode.Uri would re-encode the signature's
    // percent-escapes (e.g. %2F in x-oss-credential) and break a signed link.
    return vscode.env.openExternal(url as unknown as vscode.Uri);
  }
}

/** Holds the current prompter; tests replace it through the API returned by activate(). */
export class PrompterHolder {
  private current: Prompter;
  constructor(private readonly fallback: Prompter = new WindowPrompter()) {
    this.current = fallback;
  }
  get prompter(): Prompter {
    return this.current;
  }
  /** Partial prompters are completed with the window implementation. Pass undefined to reset. */
  set(p: Partial<Prompter> | undefined): void {
    if (!p) {
      this.current = this.fallback;
      return;
    }
    const fb = this.fallback;
    this.current = {
      showQuickPick: p.showQuickPick?.bind(p) ?? fb.showQuickPick.bind(fb),
      showInputBox: p.showInputBox?.bind(p) ?? fb.showInputBox.bind(fb),
      createLivePick: p.createLivePick?.bind(p) ?? fb.createLivePick.bind(fb),
      showInformationMessage: p.showInformationMessage?.bind(p) ?? fb.showInformationMessage.bind(fb),
      showWarningMessage: p.showWarningMessage?.bind(p) ?? fb.showWarningMessage.bind(fb),
      showErrorMessage: p.showErrorMessage?.bind(p) ?? fb.showErrorMessage.bind(fb),
      showOpenDialog: p.showOpenDialog?.bind(p) ?? fb.showOpenDialog.bind(fb),
      showSaveDialog: p.showSaveDialog?.bind(p) ?? fb.showSaveDialog.bind(fb),
      openExternal: p.openExternal?.bind(p) ?? fb.openExternal.bind(fb),
      withProgress: p.withProgress?.bind(p) ?? fb.withProgress.bind(fb),
    };
  }
}

/** A modal yes/no question; resolves true only when `confirmLabel` was chosen. */
export async function confirm(p: Prompter, message: string, confirmLabel: string, detail?: string): Promise<boolean> {
  const choice = await p.showWarningMessage(message, { modal: true, detail }, confirmLabel);
  return choice === confirmLabel;
}
