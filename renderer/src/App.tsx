// Top-level screen switch: loading, onboarding, unlocking, Parley open in another tab, or the chat.
import { useEffect } from 'react';
import { ChatScreen } from './screens/ChatScreen';
import { ElsewhereScreen } from './screens/ElsewhereScreen';
import { OnboardingScreen } from './screens/OnboardingScreen';
import { UnlockScreen } from './screens/UnlockScreen';
import { useAppStore } from './state/use-app-store';

/** The chosen theme on <html> (the stylesheet follows the system when there is none). */
const useTheme = () => {
  const theme = useAppStore((state) => state.settings?.theme ?? 'system');
  useEffect(() => {
    if (theme === 'system') {
      delete document.documentElement.dataset.theme;
    } else {
      document.documentElement.dataset.theme = theme;
    }
  }, [theme]);
};

export const App = () => {
  useTheme();
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
  if (phase === 'elsewhere' || phase === 'taking-over') {
    return <ElsewhereScreen />;
  }
  return phase === 'ready' ? <ChatScreen /> : <OnboardingScreen />;
};
