// What needs the user's attention about a contact, above the messages: a request to answer (loudly, when it
// borrows the name of a contact the user already has: a peer ID is a key, so a "new key for an old contact" can
// only arrive as a new peer under a familiar name), a request waiting for them, a block in place, or — loudest —
// a safety number that changed since it was verified.
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ContactState } from '../../../shared/messaging/message-store';
import type { VerificationState } from '../archive/contact-verification';
import { useAppStore } from '../state/use-app-store';

export const ContactBanner = (props: {
  readonly peer: PeerId;
  readonly name: string;
  readonly state: ContactState;
  readonly verification: VerificationState;
  /** Another contact goes by the same name: this peer may be impersonating them. */
  readonly namesake: boolean;
  readonly onReview: () => void;
}) => {
  const acceptContact = useAppStore((state) => state.acceptContact);
  const decide = useAppStore((state) => state.decide);
  const { peer, name } = props;

  if (props.verification === 'changed') {
    return (
      <div className="banner danger" role="alert" data-testid="safety-number-changed">
        <strong>Safety number changed.</strong>
        <span>
          {name}&apos;s key is not the one you verified. Someone may be in between, or they reinstalled.
          Compare the new number with them before you trust anything new.
        </span>
        <button onClick={props.onReview}>Review safety number</button>
      </div>
    );
  }
  switch (props.state) {
    case 'requested-by-them':
      return props.namesake ? (
        <div className="banner danger" role="alert" data-testid="namesake-warning">
          <strong>Not the {name} you know.</strong>
          <span>
            This request uses the name of a contact you already have, but it comes from a different key: a new
            identity (a reinstall without a backup) or someone pretending. Ask {name} on another channel
            before you accept, then compare safety numbers.
          </span>
          <span className="banner-actions">
            <button className="secondary" onClick={() => void acceptContact(peer)}>
              Accept anyway
            </button>
            <button onClick={() => void decide(peer, 'ignore')}>Ignore</button>
            <button className="secondary danger" onClick={() => void decide(peer, 'block')}>
              Block
            </button>
          </span>
        </div>
      ) : (
        <div className="banner" role="region" aria-label="Contact request" data-testid="request-banner">
          <span>{name} wants to chat with you.</span>
          <span className="banner-actions">
            <button onClick={() => void acceptContact(peer)}>Accept</button>
            <button className="secondary" onClick={() => void decide(peer, 'ignore')}>
              Ignore
            </button>
            <button className="secondary danger" onClick={() => void decide(peer, 'block')}>
              Block
            </button>
          </span>
        </div>
      );
    case 'requested-by-me':
      return <p className="banner muted">Request sent. You can write once {name} accepts.</p>;
    case 'blocked':
      return (
        <p className="banner muted" data-testid="blocked-banner">
          You blocked {name}. Nothing they send reaches you.
        </p>
      );
    case 'accepted':
    case 'unknown':
      return null;
  }
};
