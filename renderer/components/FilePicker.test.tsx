// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FilePicker } from './FilePicker';

describe('FilePicker', () => {
  afterEach(cleanup);

  it('the button opens the hidden chooser, and the file chosen is handed over', () => {
    const onFile = vi.fn();
    render(<FilePicker label="Import…" accept=".json" onFile={onFile} inputTestId="picker-input" />);
    const input = screen.getByTestId('picker-input') as HTMLInputElement;
    expect(input.type).toBe('file');
    expect(input.hidden).toBe(true);
    expect(input.accept).toBe('.json');
    const click = vi.spyOn(input, 'click');
    fireEvent.click(screen.getByRole('button', { name: 'Import…' }));
    expect(click).toHaveBeenCalledOnce();

    const file = new File(['{}'], 'profiles.json', { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    fireEvent.change(input);
    expect(onFile).toHaveBeenCalledWith(file);
  });

  it('nothing chosen hands nothing over', () => {
    const onFile = vi.fn();
    render(<FilePicker label="Open file…" accept=".json" onFile={onFile} inputTestId="picker-input" />);
    const input = screen.getByTestId('picker-input');
    Object.defineProperty(input, 'files', { value: [], configurable: true });
    fireEvent.change(input);
    expect(onFile).not.toHaveBeenCalled();
  });
});
