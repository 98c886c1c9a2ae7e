/**
 * A row of mutually exclusive buttons: a radio group (a filter, a choice of form) or, with
 * `role="tab"`, the tabs of a view. The one chosen is marked for assistive technology and
 * styled `.active`.
 */
export function Segmented<T extends string>({
  label,
  options,
  value,
  onChange,
  optionLabel,
  role = 'radio',
}: {
  label: string;
  options: readonly T[];
  value: T;
  onChange: (option: T) => void;
  optionLabel: (option: T) => string;
  role?: 'radio' | 'tab';
}) {
  return (
    <div className="segmented" role={role === 'tab' ? 'tablist' : 'radiogroup'} aria-label={label}>
      {options.map((option) => (
        <button
          key={option}
          type="button"
          role={role}
          {...(role === 'tab' ? { 'aria-selected': value === option } : { 'aria-checked': value === option })}
          className={value === option ? 'active' : ''}
          onClick={() => onChange(option)}
        >
          {optionLabel(option)}
        </button>
      ))}
    </div>
  );
}
