// Shown when another tab of this browser already runs Parley with this identity: one tab at a time sends,
// receives and stores messages (tab-lease.ts). "Use here" asks that tab to step back and continues here.
import { useEffect } from 'react';
import { useAppStore } from '../state/use-app-store';
import { ErrorAlert } from './ErrorAlert';

export const ElsewhereScreen = () => {
  const takingOver = useAppStore((state) => state.phase === 'taking-over');
  const error = useAppStore((state) => state.error);
  const takeOverHere = useAppStore((state) => state.takeOverHere);
  // The unread count belongs to the tab that receives; this one's title drops the count it last showed.
  useEffect(() => {
    document.title = 'Parley';
  }, []);

  return (
    <main className="center">
      <section className="card onboarding" data-testid="elsewhere" aria-labelledby="elsewhere-title">
        <h1 id="elsewhere-title">Parley is open in another tab</h1>
        <p className="muted">
          One tab at a time sends, receives and keeps your messages. Use Parley here, and the other tab steps
          back.
        </p>
        <button type="button" autoFocus disabled={takingOver} onClick={() => void takeOverHere()}>
          {takingOver ? 'Switching…' : 'Use here'}
        </button>
        <ErrorAlert message={error} />
      </section>
    </main>
  );
};
