/** Plain HTTP outside the OSS client: PUT/GET with presigned URLs, and the network options (proxy, CAs). */
export * from './signedPut';
export * from './limits';
export * from './signedGet';
export * from './network';
export { NetworkAgents, type AgentTuning } from './proxyAgents';
