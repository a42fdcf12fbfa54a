import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ExtensionApi, TestingApi } from '../../../src/extension';
import type { Prompter } from '../../../src/ui/prompter';

export const EXTENSION_ID = 'oss-explorer.oss-explorer';

/**
 * Activates the extension, takes its testing API (present in test mode only), installs `prompter`
 * and removes every connection, so a suite starts from a known state.
 */
export async function activateForTests(prompter: Partial<Prompter>): Promise<TestingApi> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  const testing = ((await ext.activate()) as ExtensionApi).testing;
  assert.ok(testing, 'the testing API exists in test mode');
  testing.setPrompter(prompter);
  for (const c of testing.store.list()) await testing.store.remove(c.id);
  return testing;
}
