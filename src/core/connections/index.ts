/** Connection fields and the shared connection-list file. Never imports 'vscode'. */
export * from './fields';
export * from './shareFile';
