// The step between opening an invite (pasted, clicked in a message, or handed over by the system) and sending a
// request: who it is for, so a link can never add someone without the user's yes.
import { useAppStore } from '../state/use-app-store';
import { Dialog } from './Dialog';

export const InviteConfirmDialog = () => {
  const invite = useAppStore((state) => state.pendingInvite);
  const confirmInvite = useAppStore((state) => state.confirmInvite);
  const dismissInvite = useAppStore((state) => state.dismissInvite);
  if (!invite) {
    return null;
  }
  return (
    <Dialog title="Send a contact request?" onClose={dismissInvite} testId="invite-confirm">
      <p>
        {invite.name ? (
          <>
            The link says this is <strong>{invite.name}</strong>. Only their peer ID is certain:
          </>
        ) : (
          'Peer ID:'
        )}
      </p>
      <p className="mono small peer-id-block">{invite.peerId}</p>
      <p className="muted small">
        They can write to you once they accept. Verify their safety number after you connect.
      </p>
      <div className="dialog-actions">
        <button className="secondary" onClick={dismissInvite}>
          Cancel
        </button>
        <button onClick={() => void confirmInvite()}>Send request</button>
      </div>
    </Dialog>
  );
};
