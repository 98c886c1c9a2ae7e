/** The key-value port the stores are kept behind, what the stores tell the user, and their errors. */

export * from './errors';
export * from './notices';
export * from './port';
