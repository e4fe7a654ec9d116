/** Names longer than this are shown cut short with the full name on hover (FEATURES A6). */
export const FIELD_NAME_VISIBLE = 15;

/** An attached-data field name: long ones get the `truncate` style and the full name in `title`. */
export function FieldName({ name }: { name: string }) {
  return name.length > FIELD_NAME_VISIBLE ? (
    <span class="truncate field-name" title={name}>
      {name}
    </span>
  ) : (
    <span class="field-name">{name}</span>
  );
}
