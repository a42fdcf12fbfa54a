import type * as vscode from 'vscode';
import { BACK, type Back, type InputStep, type Prompter, type QuickPickStep, type StepInfo } from './prompter';

/** One step of a wizard: asks something, stores the answer in the state. */
export interface WizardStep<S> {
  /** Skip this step for the current state (e.g. the STS token step for an AccessKey connection). */
  skip?: (state: S) => boolean;
  run: (state: S, info: StepInfo) => Promise<'next' | Back | undefined>;
}

/**
 * Runs steps in order with Back navigation and "n/m" titles. Returns the state when every step
 * finished, undefined when the user cancelled.
 */
export async function runWizard<S>(title: string, state: S, steps: readonly WizardStep<S>[]): Promise<S | undefined> {
  const history: number[] = [];
  let i = 0;
  while (i < steps.length) {
    const step = steps[i];
    if (step.skip?.(state)) {
      i++;
      continue;
    }
    const active = steps.filter((s) => !s.skip?.(state));
    const info: StepInfo = {
      title,
      step: active.indexOf(step) + 1,
      totalSteps: active.length,
      canGoBack: history.length > 0,
    };
    const r = await step.run(state, info);
    if (r === undefined) return undefined;
    if (r === BACK) {
      const prev = history.pop();
      if (prev === undefined) return undefined;
      i = prev;
      continue;
    }
    history.push(i);
    i++;
  }
  return state;
}

/** Helper: a QuickPick step that stores the picked item. */
export function pickStep<S, T extends vscode.QuickPickItem>(
  prompter: () => Prompter,
  make: (state: S) => Omit<QuickPickStep<T>, keyof StepInfo>,
  store: (state: S, item: T) => void,
  skip?: (state: S) => boolean,
): WizardStep<S> {
  return {
    skip,
    run: async (state, info) => {
      const r = await prompter().showQuickPick<T>({ ...make(state), ...info });
      if (r === undefined || r === BACK) return r;
      store(state, r);
      return 'next';
    },
  };
}

/** Helper: an InputBox step that stores the (validated) value. */
export function inputStep<S>(
  prompter: () => Prompter,
  make: (state: S) => Omit<InputStep, keyof StepInfo>,
  store: (state: S, value: string) => void,
  skip?: (state: S) => boolean,
): WizardStep<S> {
  return {
    skip,
    run: async (state, info) => {
      const r = await prompter().showInputBox({ ...make(state), ...info });
      if (r === undefined || r === BACK) return r;
      store(state, r);
      return 'next';
    },
  };
}
