/**
 * User Timing marks the app sets, read by the benchmarks (and visible in DevTools' Performance
 * panel). Kept apart from the components so Node-side code can import the names.
 */

/** Set once an opened file's messages are parsed: the start of what the viewer draws (see bench/tree.ts). */
export const MESSAGES_READ_MARK = 'inspector:messages-read';
