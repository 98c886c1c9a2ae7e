import { USER_ID_TYPES, type UserIdType } from '../../core/feishu/types';

/** The ID type the platform answers with for users (`user_id_type`): one option per type, named as the API names it. */
export function UserIdTypeSelect({
  value,
  onChange,
  ariaLabel,
}: {
  value: UserIdType;
  onChange: (value: UserIdType) => void;
  /** Where no visible `<label>` wraps the select. */
  ariaLabel?: string;
}) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value as UserIdType)} aria-label={ariaLabel}>
      {USER_ID_TYPES.map((type) => (
        <option key={type} value={type}>
          {type}
        </option>
      ))}
    </select>
  );
}
