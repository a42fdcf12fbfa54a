/** Planning and running batches of transfers (pure, vscode-free): walks, keys, clashes, the runner. */
export * from './downloadPlan';
export * from './localFs';
export * from './localWalk';
export * from './runner';
export * from './uploadPlan';
export * from './move';
export * from './checkpoint';
export * from './registry';
export * from './existingKeys';
