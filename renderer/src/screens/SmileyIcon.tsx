// A smiling face, for the composer's emoji button.
import { LineIcon } from './LineIcon';

export const SmileyIcon = () => (
  <LineIcon className="smiley-icon" size={20} strokeWidth={1.3}>
    <circle cx="8" cy="8" r="6.5" />
    <path d="M5.2 9.6c.7 1.1 1.7 1.7 2.8 1.7s2.1-.6 2.8-1.7M5.9 6.2v.4M10.1 6.2v.4" />
  </LineIcon>
);
