/** Public surface of the OSS signer (V1, V4, POP) and addressing. Never imports 'vscode'. */
export * from './types';
export * from './encode';
export * from './v1';
export * from './v4';
export * from './aws4';
export * from './pop';
export * from './address';
export * from './sign';
export * from './validate';
