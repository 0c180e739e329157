// How Parley is connected, when that needs saying: no network at all, this identity online somewhere else (and
// taking it back), the signaling server out of reach (with its reason, and a retry), or reconnecting after a
// drop. Nothing when all is well.
import { useEffect } from 'react';
import { useAppStore } from '../state/use-app-store';

export const ConnectionBanner = () => {
  const signaling = useAppStore((state) => state.signaling);
  const wasReady = useAppStore((state) => state.signalingWasReady);
  const networkOnline = useAppStore((state) => state.networkOnline);
  const setNetworkOnline = useAppStore((state) => state.setNetworkOnline);
  const retrySignaling = useAppStore((state) => state.retrySignaling);

  useEffect(() => {
    const update = () => setNetworkOnline(navigator.onLine);
    update();
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, [setNetworkOnline]);

  if (!networkOnline) {
    return (
      <div className="banner warning" role="status" data-testid="connection-banner" data-state="offline">
        You are offline. Messages wait in your outbox and go out when you are back.
      </div>
    );
  }
  if (signaling.status === 'closed' && signaling.replaced) {
    return (
      <div className="banner warning" role="status" data-testid="connection-banner" data-state="replaced">
        <span>
          Your identity went online somewhere else (another device or browser), so Parley is offline here.
          Messages wait in your outbox.
        </span>
        <button className="secondary" onClick={retrySignaling}>
          Use here
        </button>
      </div>
    );
  }
  if (signaling.status === 'closed') {
    return (
      <div className="banner warning" role="status" data-testid="connection-banner" data-state="unreachable">
        <span>
          The signaling server cannot be reached ({signaling.reason}). Parley keeps trying; contacts already
          connected stay connected.
        </span>
        <button className="secondary" onClick={retrySignaling}>
          Retry now
        </button>
      </div>
    );
  }
  if (wasReady && (signaling.status === 'connecting' || signaling.status === 'authenticating')) {
    return (
      <div className="banner warning" role="status" data-testid="connection-banner" data-state="reconnecting">
        Reconnecting to the signaling server…
      </div>
    );
  }
  return null;
};
