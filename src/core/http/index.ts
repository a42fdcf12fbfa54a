/** Plain HTTP outside the OSS client: node-fetch loading and PUT to a presigned URL. */
export * from './signedPut';
export { loadFetch } from './fetch';
export * from './limits';
export * from './signedGet';
