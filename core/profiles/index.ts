/** Profiles and their secrets, each over a key-value store the host passes in. */

export * from './errors';
export * from './settings';
export * from './secrets';
export * from './store';
export * from './types';
