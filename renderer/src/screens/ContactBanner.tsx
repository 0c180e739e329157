// What needs the user's attention about a contact, above the messages: a request to answer, a request waiting
// for them, a block in place, or — loudest — a safety number that changed since it was verified.
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ContactState } from '../../../shared/messaging/message-store';
import type { VerificationState } from '../archive/contact-verification';
import { useAppStore } from '../state/use-app-store';

export const ContactBanner = (props: {
  readonly peer: PeerId;
  readonly name: string;
  readonly state: ContactState;
  readonly verification: VerificationState;
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
      return (
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
