import { describe, expect, it } from 'vitest';
import { tallyIds } from './tally';

describe('tallyIds', () => {
  it('finds nothing wrong when every expected ID is there once', () => {
    expect(tallyIds(['a', 'b', 'c'], ['c', 'a', 'b'])).toMatchObject({ found: 3, lost: 0, duplicated: 0, unexpected: 0 });
  });

  it('counts each ID that is missing, and names it', () => {
    const tally = tallyIds(['a', 'b', 'c', 'd'], ['b', 'd']);
    expect(tally).toMatchObject({ found: 2, lost: 2, duplicated: 0, unexpected: 0 });
    expect(tally.examples.lost).toEqual(['a', 'c']);
  });

  it('counts every extra copy of an ID, so that a message written three times is two duplicates', () => {
    const tally = tallyIds(['a', 'b'], ['a', 'b', 'a', 'a', 'b']);
    expect(tally).toMatchObject({ found: 2, lost: 0, duplicated: 3, unexpected: 0 });
    expect(tally.examples.duplicated).toEqual(['a', 'b']);
  });

  it('does not let an unexpected ID stand in for a lost one', () => {
    const tally = tallyIds(['a', 'b'], ['a', 'z', 'z']);
    expect(tally).toMatchObject({ found: 1, lost: 1, duplicated: 1, unexpected: 1 });
    expect(tally.examples).toEqual({ lost: ['b'], duplicated: ['z'], unexpected: ['z'] });
  });

  it('counts an expected ID given twice as one', () => {
    expect(tallyIds(['a', 'a', 'b'], ['a', 'b'])).toMatchObject({ found: 2, lost: 0, duplicated: 0 });
  });
});
