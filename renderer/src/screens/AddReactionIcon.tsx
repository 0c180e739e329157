// A smiling face with a plus beside it, for the button that adds a reaction after the chips.
import { LineIcon } from './LineIcon';

export const AddReactionIcon = () => (
  <LineIcon className="add-reaction-icon" size={16} strokeWidth={1.3}>
    <path d="M12.4 7.2a5.6 5.6 0 1 1-4.6-5.5" />
    <path d="M4.6 9.3c.6.9 1.5 1.4 2.4 1.4s1.8-.5 2.4-1.4M5.2 6.1v.3M8.8 6.1v.3" />
    <path d="M13 1.3v4M11 3.3h4" />
  </LineIcon>
);
