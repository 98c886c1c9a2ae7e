import type { KeyboardEvent, Ref } from 'react';

interface Props {
  /** Both the placeholder and the accessible name. */
  label: string;
  value: string;
  onChange: (value: string) => void;
  className?: string;
  onKeyDown?: (event: KeyboardEvent<HTMLInputElement>) => void;
  ref?: Ref<HTMLInputElement>;
}

/** A search field (the history search, the batch filter, the JSON search), named by what it searches. */
export function SearchBox({ label, value, onChange, className, onKeyDown, ref }: Props) {
  return (
    <input
      ref={ref}
      className={className}
      type="search"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={onKeyDown}
      placeholder={label}
      aria-label={label}
    />
  );
}
