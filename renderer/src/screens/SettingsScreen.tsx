// Settings: profile and invite, signaling server, appearance, notifications, privacy (read receipts, typing),
// identity backup, about.
import { useEffect, useState, type SubmitEvent } from 'react';
import { ChosenSignalingUrlSchema, type Settings } from '../../../shared/settings/settings-schema';
import { useAppStore } from '../state/use-app-store';
import type { IceServer } from '../../../shared/signaling/signaling-frames';
import { ArchiveSection } from './ArchiveSection';
import { BackupSection } from './BackupSection';
import { ProfileSection } from './ProfileSection';
import { formatIceServers, parseIceServers } from './ice-server-lines';

const THEMES: readonly { value: Settings['theme']; label: string }[] = [
  { value: 'system', label: 'Follow the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

const SignalingSection = ({ current }: { current: string }) => {
  const updateSettings = useAppStore((state) => state.updateSettings);
  const [url, setUrl] = useState(current);
  const [message, setMessage] = useState<string | null>(null);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = ChosenSignalingUrlSchema.safeParse(url.trim());
    if (!parsed.success) {
      setMessage('Enter a ws:// or wss:// address with a host name or an IPv4 address.');
      return;
    }
    const problem = await updateSettings({ signalingUrl: parsed.data });
    setMessage(problem ?? 'Saved. Parley uses it from its next start.');
  };
  return (
    <section className="settings-section" aria-labelledby="settings-signaling">
      <h2 id="settings-signaling">Signaling server</h2>
      <p className="muted small">
        Introduces you to your contacts. It never sees what you write; run your own with
        <code> npx parley-signaling</code>.
      </p>
      <form className="copy-row" onSubmit={(event) => void submit(event)}>
        <input
          aria-label="Signaling server address"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
        />
        <button type="submit">Save</button>
      </form>
      <p className="small muted" aria-live="polite">
        {message}
      </p>
    </section>
  );
};

/** In a browser, notifications also need the browser's permission, asked for on a click. */
const BrowserNotificationPermission = () => {
  const [permission, setPermission] = useState(() =>
    typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
  );
  if (permission === 'unsupported' || permission === 'granted') {
    return null;
  }
  return permission === 'denied' ? (
    <p className="small muted">
      This browser blocks notifications from Parley; allow them in its site settings.
    </p>
  ) : (
    <button className="secondary" onClick={() => void Notification.requestPermission().then(setPermission)}>
      Allow notifications in this browser
    </button>
  );
};

const IceServersSection = ({ current }: { current: readonly IceServer[] }) => {
  const updateSettings = useAppStore((state) => state.updateSettings);
  const [text, setText] = useState(() => formatIceServers(current));
  const [message, setMessage] = useState<string | null>(null);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = parseIceServers(text);
    if ('error' in parsed) {
      setMessage(parsed.error);
      return;
    }
    const problem = await updateSettings({ iceServers: parsed.servers });
    setMessage(problem ?? 'Saved. Parley uses them from its next start.');
  };
  return (
    <section className="settings-section" aria-labelledby="settings-ice">
      <h2 id="settings-ice">STUN and TURN servers</h2>
      <p className="muted small">
        Used beside the ones your signaling server provides, to reach contacts behind strict networks. One per
        line: an address, then a username and credential for TURN.
      </p>
      <form className="stack wide" onSubmit={(event) => void submit(event)}>
        <textarea
          aria-label="STUN and TURN servers"
          rows={3}
          spellCheck={false}
          placeholder="turn:turn.example.org:3478 username credential"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit">Save servers</button>
      </form>
      <p className="small muted" aria-live="polite">
        {message}
      </p>
    </section>
  );
};

export const SettingsScreen = () => {
  const identity = useAppStore((state) => state.identity);
  const settings = useAppStore((state) => state.settings);
  const updateSettings = useAppStore((state) => state.updateSettings);
  const closeSettings = useAppStore((state) => state.closeSettings);
  const about = useAppStore((state) => state.appInfo);
  const loadAppInfo = useAppStore((state) => state.loadAppInfo);
  useEffect(() => {
    void loadAppInfo();
  }, [loadAppInfo]);
  if (!settings || !identity) {
    return null;
  }
  return (
    <div className="settings" data-testid="settings">
      <header className="conversation-header">
        <h1 className="settings-title">Settings</h1>
        <button className="secondary" onClick={closeSettings}>
          Back to chats
        </button>
      </header>
      <div className="settings-body">
        <ProfileSection displayName={identity.displayName} peerId={identity.peerId} />
        <SignalingSection current={settings.signalingUrl} />
        <IceServersSection current={settings.iceServers} />
        <section className="settings-section" aria-labelledby="settings-theme">
          <h2 id="settings-theme">Appearance</h2>
          <div role="radiogroup" aria-labelledby="settings-theme" className="choices">
            {THEMES.map((theme) => (
              <label key={theme.value} className="choice">
                <input
                  type="radio"
                  name="theme"
                  value={theme.value}
                  checked={settings.theme === theme.value}
                  onChange={() => void updateSettings({ theme: theme.value })}
                />
                {theme.label}
              </label>
            ))}
          </div>
        </section>
        <section className="settings-section" aria-labelledby="settings-notifications">
          <h2 id="settings-notifications">Notifications</h2>
          <label className="choice">
            <input
              type="checkbox"
              checked={settings.notifications}
              onChange={(event) => void updateSettings({ notifications: event.target.checked })}
            />
            Show a notification for new messages (not for the conversation you are reading)
          </label>
          <BrowserNotificationPermission />
        </section>
        <section className="settings-section" aria-labelledby="settings-privacy">
          <h2 id="settings-privacy">Privacy</h2>
          <label className="choice">
            <input
              type="checkbox"
              checked={settings.readReceipts !== false}
              aria-describedby="settings-receipts-help"
              onChange={(event) => void updateSettings({ readReceipts: event.target.checked })}
            />
            Send read receipts
          </label>
          <p className="muted small" id="settings-receipts-help">
            Off, your contacts do not see when you have read their messages, and you do not see when they have
            read yours.
          </p>
          <label className="choice">
            <input
              type="checkbox"
              checked={settings.typingIndicators !== false}
              aria-describedby="settings-typing-help"
              onChange={(event) => void updateSettings({ typingIndicators: event.target.checked })}
            />
            Show when I am typing
          </label>
          <p className="muted small" id="settings-typing-help">
            Off, you do not see your contacts typing either.
          </p>
        </section>
        <BackupSection />
        <ArchiveSection />
        <section className="settings-section" aria-labelledby="settings-about">
          <h2 id="settings-about">About</h2>
          <p className="muted small">
            {about ? `${about.name} ${about.version} (${about.host}, ${about.platform})` : ' '}
          </p>
          <p className="muted small">
            Messages are end-to-end encrypted: only you and your contact hold the keys. To be sure no one is
            in between, compare your safety number with each contact (open the conversation, then “Safety
            number”); if it ever changes, Parley warns you before you trust anything new.
          </p>
        </section>
      </div>
    </div>
  );
};
