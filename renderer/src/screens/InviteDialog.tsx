// "Invite someone": my invite link to copy or send, and the same link as a QR code to show.
import { useState } from 'react';
import { formatInviteLink } from '../../../shared/contacts/invite-link';
import { useAppStore } from '../state/use-app-store';
import { Dialog } from './Dialog';
import { QrCode } from './QrCode';

export const InviteDialog = ({ onClose }: { onClose: () => void }) => {
  const identity = useAppStore((state) => state.identity);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  if (!identity) {
    return null;
  }
  const link = formatInviteLink({ peerId: identity.peerId, name: identity.displayName });
  const copy = () => {
    navigator.clipboard.writeText(link).then(
      () => setCopied('copied'),
      () => setCopied('failed'),
    );
  };
  return (
    <Dialog title="Invite someone" onClose={onClose} testId="invite-dialog">
      <p className="muted">
        Send this link to someone you know, or let them scan the code. Opening it in Parley sends you a
        contact request; nothing reaches you until you accept.
      </p>
      <div className="copy-row">
        <input
          aria-label="Your invite link"
          data-testid="invite-link"
          readOnly
          value={link}
          onFocus={(e) => e.target.select()}
        />
        <button onClick={copy}>Copy</button>
      </div>
      <p className="small muted" aria-live="polite">
        {copied === 'copied'
          ? 'Copied to the clipboard.'
          : copied === 'failed'
            ? 'Copying failed; select the link and copy it.'
            : ''}
      </p>
      <div className="qr-frame">
        <QrCode value={link} label="QR code of your invite link" />
      </div>
    </Dialog>
  );
};
