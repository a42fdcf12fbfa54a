/** Sharing: access codes, least-privilege STS policies, PostObject upload forms, credential snippets. Never imports 'vscode'. */
export * from './accessCode';
export * from './policy';
export * from './postPolicy';
export * from './snippets';
