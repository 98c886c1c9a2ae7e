export * from './scrub';
export * from './store';
