/** Credential providers, STS client and errors. Never imports 'vscode'. */
export * from './types';
export * from './errors';
export * from './secure';
export * from './sts';
export * from './providers';
export * from './env';
export * from './json';
export * from './awsProfiles';
export * from './awsSts';
