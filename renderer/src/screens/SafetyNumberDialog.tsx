// Verifying a contact: both people compare the 60 digits (or scan each other's code) and, if they match, mark
// the contact verified. The number comes from the host, which holds both keys.
import { useCallback, useEffect, useState } from 'react';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { VerificationState } from '../archive/contact-verification';
import { useAppStore } from '../state/use-app-store';
import { Dialog } from './Dialog';
import { QrCode } from './QrCode';
import { QrScanner } from './QrScanner';

export const SafetyNumberDialog = (props: {
  readonly peer: PeerId;
  readonly name: string;
  readonly verification: VerificationState;
  readonly onClose: () => void;
}) => {
  const view = useAppStore((state) => state.safetyNumbers[props.peer]);
  const loadSafetyNumber = useAppStore((state) => state.loadSafetyNumber);
  const setVerified = useAppStore((state) => state.setVerified);
  useEffect(() => {
    void loadSafetyNumber(props.peer);
  }, [loadSafetyNumber, props.peer]);
  const [scanning, setScanning] = useState(false);
  const [scanOutcome, setScanOutcome] = useState<'match' | 'mismatch' | null>(null);
  const expected = view?.status === 'ready' ? view.number.qrPayload : null;
  const { peer } = props;
  // Their code shows the same payload as ours when both hold each other's real keys.
  const scanned = useCallback(
    (text: string) => {
      setScanning(false);
      const match = expected !== null && text === expected;
      setScanOutcome(match ? 'match' : 'mismatch');
      if (match) {
        void setVerified(peer, true);
      }
    },
    [expected, peer, setVerified],
  );

  return (
    <Dialog title={`Safety number with ${props.name}`} onClose={props.onClose} testId="safety-number-dialog">
      {view?.status === 'ready' ? (
        <>
          <p className="muted">
            Compare these numbers with {props.name}, in person or on a call you trust. If they match on both
            devices, no one is in between.
          </p>
          <p className="safety-number mono" data-testid="safety-number" aria-label="Safety number">
            {view.number.groups.map((group, index) => (
              <span key={index}>{group}</span>
            ))}
          </p>
          <div className="qr-frame">
            <QrCode value={view.number.qrPayload} label="QR code of the safety number" size={168} />
          </div>
          {scanOutcome && (
            <p
              className={scanOutcome === 'match' ? 'ok small' : 'error small'}
              role="status"
              data-testid="scan-outcome"
            >
              {scanOutcome === 'match'
                ? `The codes match: ${props.name} is verified.`
                : `These codes do not match. Do not trust this conversation until you have compared the numbers with ${props.name} in person.`}
            </p>
          )}
          <div className="dialog-actions">
            <button className="secondary" onClick={() => setScanning(true)}>
              Scan their code
            </button>
            {props.verification === 'verified' ? (
              <button className="secondary" onClick={() => void setVerified(props.peer, false)}>
                Clear verification
              </button>
            ) : (
              <button onClick={() => void setVerified(props.peer, true)}>Mark as verified</button>
            )}
          </div>
        </>
      ) : (
        <p className="muted" role="status">
          {view?.status === 'unavailable' ? view.reason : 'Computing the safety number…'}
        </p>
      )}
      {scanning && (
        <QrScanner
          title={`Scan ${props.name}'s code`}
          onResult={scanned}
          onClose={() => setScanning(false)}
        />
      )}
    </Dialog>
  );
};
