// Top-level screen switch: loading, onboarding, or the chat.
import { ChatScreen } from './screens/ChatScreen';
import { OnboardingScreen } from './screens/OnboardingScreen';
import { UnlockScreen } from './screens/UnlockScreen';
import { useAppStore } from './state/use-app-store';

export const App = () => {
  const phase = useAppStore((state) => state.phase);
  const error = useAppStore((state) => state.error);
  if (phase === 'loading') {
    return (
      <main className="center" aria-busy="true">
        Opening Parley…
      </main>
    );
  }
  if (phase === 'error') {
    return (
      <main className="center" role="alert">
        Parley could not start: {error}
      </main>
    );
  }
  if (phase === 'locked' || phase === 'unlocking') {
    return <UnlockScreen />;
  }
  return phase === 'ready' ? <ChatScreen /> : <OnboardingScreen />;
};
