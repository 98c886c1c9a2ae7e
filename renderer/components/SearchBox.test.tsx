// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SearchBox } from './SearchBox';

describe('SearchBox', () => {
  afterEach(cleanup);

  it('is a search box named and hinted by what it searches, and reports what is typed', () => {
    const onChange = vi.fn();
    render(<SearchBox label="Search history" value="" onChange={onChange} />);
    const box = screen.getByRole('searchbox', { name: 'Search history' });
    expect(box.getAttribute('placeholder')).toBe('Search history');
    fireEvent.change(box, { target: { value: 'om_1' } });
    expect(onChange).toHaveBeenCalledWith('om_1');
  });
});
