// A message's details: when it was sent, and for ours when it was delivered and read (by this device's clock, as
// the ack and the receipt came), or why it failed; for theirs when it arrived and when it was seen here; when it
// was edited (for ours, whether the edit was delivered), and when it disappears. Read live, so a receipt that comes while it is open shows.
import { useLiveQuery } from 'dexie-react-hooks';
import type { MessageId } from '../../../shared/messaging/message-format';
import { timeInRange } from '../../../shared/messaging/message-format';
import { useAppStore } from '../state/use-app-store';
import { Dialog } from './Dialog';

const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const when = (at: number | undefined, otherwise: string): string =>
  at === undefined ? otherwise : format.format(timeInRange(at));
/** Delivered or read: the time if it was recorded (records from before, or imported, have none). */
const reached = (done: boolean, at: number | undefined): string =>
  done ? when(at, 'yes (time not recorded)') : 'not yet';

export const MessageInfoDialog = (props: {
  readonly id: MessageId;
  readonly name: string;
  readonly onClose: () => void;
}) => {
  const archive = useAppStore((state) => state.archive);
  const showRead = useAppStore((state) => state.settings?.readReceipts !== false);
  const details = useLiveQuery(async () => {
    if (!archive) {
      return null;
    }
    const [record, status] = await Promise.all([
      archive.messages.get(props.id),
      archive.statuses.get(props.id),
    ]);
    // Ours edited: the contact has the new words only once the edit itself is delivered.
    const editStatus =
      record?.direction === 'out' && record.edited ? await archive.statuses.get(record.edited.id) : undefined;
    return record ? { record, status, editStatus } : null;
  }, [archive, props.id]);
  const rows: (readonly [string, string])[] = [];
  if (details) {
    const { record, status, editStatus } = details;
    if (record.direction === 'out') {
      rows.push(['Sent', when(record.sentAt, '')]);
      if (status?.status === 'failed') {
        rows.push(['Not delivered', status.failure ?? 'no reason given']);
      } else {
        const read = status?.status === 'read';
        rows.push(['Delivered', reached(read || status?.status === 'delivered', status?.deliveredAt)]);
        // Not shown to a user who sends no receipts, as the status beside the message shows none.
        if (showRead) {
          rows.push([`Read by ${props.name}`, reached(read, status?.readAt)]);
        }
      }
    } else {
      rows.push(['Sent', `${when(record.sentAt, '')} (by ${props.name}’s clock)`]);
      rows.push(['Received', when(record.receivedAt, '')]);
      rows.push(['Seen', when(record.readAt, 'not yet')]);
    }
    if (record.edited) {
      rows.push(['Edited', when(record.edited.sentAt, '')]);
      if (editStatus?.status === 'failed') {
        rows.push(['Edit not delivered', editStatus.failure ?? 'no reason given']);
      } else if (editStatus) {
        const done = editStatus.status === 'delivered' || editStatus.status === 'read';
        rows.push(['Edit delivered', reached(done, editStatus.deliveredAt)]);
      }
    }
    if (record.expiresAt !== undefined) {
      rows.push(['Disappears', when(record.expiresAt, '')]);
    }
  }
  return (
    <Dialog title="Message info" onClose={props.onClose} testId="message-info">
      {details === null ? (
        <p className="muted">This message is no longer here.</p>
      ) : (
        <dl className="message-info">
          {rows.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </Dialog>
  );
};
