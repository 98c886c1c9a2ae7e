// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserIdTypeSelect } from './UserIdTypeSelect';

describe('UserIdTypeSelect', () => {
  afterEach(cleanup);

  it('offers every user_id_type by its API name and reports the choice', () => {
    const onChange = vi.fn();
    render(<UserIdTypeSelect value="open_id" onChange={onChange} ariaLabel="User ID type" />);
    const select = screen.getByRole('combobox', { name: 'User ID type' });
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['open_id', 'union_id', 'user_id']);
    fireEvent.change(select, { target: { value: 'user_id' } });
    expect(onChange).toHaveBeenCalledWith('user_id');
  });
});
