/** A field that picks one of the file's columns, or none. */
export function ColumnSelect(props: {
  label: string;
  value: string | undefined;
  columns: string[];
  onChange: (column: string | undefined) => void;
  testId: string;
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <select value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value || undefined)} data-testid={props.testId}>
        <option value="">—</option>
        {props.columns.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}
