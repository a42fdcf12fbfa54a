/** Sharing: access codes, RAM policies for scoped STS credentials, PostObject upload forms. Never imports 'vscode'. */
export * from './accessCode';
export * from './snippets';
