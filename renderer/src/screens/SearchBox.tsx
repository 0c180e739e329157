// The search field above the conversation list (Ctrl/Cmd+F). Words, "phrases", and filters: from:, in:,
// before:, after:, has:link. Escape clears it.
import { useAppStore } from '../state/use-app-store';

const SEARCH_INPUT = 'search-messages';

export const focusSearch = (): void => document.getElementById(SEARCH_INPUT)?.focus();

export const SearchBox = () => {
  const text = useAppStore((state) => state.searchText);
  const setSearchText = useAppStore((state) => state.setSearchText);
  return (
    <input
      id={SEARCH_INPUT}
      type="search"
      aria-label="Search messages"
      placeholder="Search messages"
      value={text}
      onChange={(event) => setSearchText(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          setSearchText('');
        }
      }}
    />
  );
};
