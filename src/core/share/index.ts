/** Sharing access: least-privilege STS policies, PostObject upload forms. Never imports 'vscode'. */
export * from './policy';
export * from './postPolicy';
