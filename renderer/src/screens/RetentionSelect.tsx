// How long messages are kept: forever, or a number of days after which they are deleted from this device (the
// archive's retention purge). Used for the default in Settings and per conversation.
const CHOICES: readonly { readonly days: number | null; readonly label: string }[] = [
  { days: null, label: 'Forever' },
  { days: 7, label: '1 week' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
];
const DEFAULT = 'default';
const FOREVER = 'forever';

export const RetentionSelect = (props: {
  readonly label: string;
  readonly value: number | null | undefined;
  /** Offers "use the default" (a conversation); its label names the default. */
  readonly defaultLabel?: string;
  readonly onChange: (days: number | null | undefined) => void;
}) => (
  <select
    aria-label={props.label}
    value={props.value === undefined ? DEFAULT : props.value === null ? FOREVER : String(props.value)}
    onChange={(event) => {
      const chosen = event.target.value;
      props.onChange(chosen === DEFAULT ? undefined : chosen === FOREVER ? null : Number(chosen));
    }}
  >
    {props.defaultLabel !== undefined && <option value={DEFAULT}>{props.defaultLabel}</option>}
    {CHOICES.map((choice) => (
      <option key={choice.label} value={choice.days === null ? FOREVER : String(choice.days)}>
        {choice.label}
      </option>
    ))}
  </select>
);
