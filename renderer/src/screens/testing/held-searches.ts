// Archive searches held back until the test lets each one go, so a test decides in which order they answer (an
// older search finishing after a newer one, or one finishing after its screen closed). Let go, the real search
// runs on the real archive; only a failure is made up, as IndexedDB cannot be made to fail one read on demand.
import type { searchArchive } from '../../archive/search/search-archive';

type Search = typeof searchArchive;

export interface HeldSearch {
  /** Runs the real search; resolves once its answer has reached whoever asked. */
  finish(): Promise<void>;
  /** Answers with `error` instead; resolves once it has reached whoever asked. */
  fail(error: Error): Promise<void>;
}

export interface HeldSearches {
  /** `search`, each call held until the test lets it go. */
  hold(search: Search): Search;
  /** The next search asked for (those asked for earlier and not yet taken come first). */
  next(): Promise<HeldSearch>;
}

export const heldSearches = (): HeldSearches => {
  const asked: HeldSearch[] = [];
  const waiting: ((search: HeldSearch) => void)[] = [];
  return {
    hold:
      (search) =>
      (...args) => {
        let letGo: (failure?: Error) => void = () => undefined;
        const answer = new Promise<Error | undefined>((resolve) => {
          letGo = resolve;
        }).then((failure) => (failure ? Promise.reject(failure) : search(...args)));
        const delivered = () =>
          answer.then(
            () => undefined,
            () => undefined,
          );
        const held: HeldSearch = {
          finish: () => {
            letGo();
            return delivered();
          },
          fail: (error) => {
            letGo(error);
            return delivered();
          },
        };
        const taker = waiting.shift();
        if (taker) {
          taker(held);
        } else {
          asked.push(held);
        }
        return answer;
      },
    next: () => {
      const first = asked.shift();
      return first ? Promise.resolve(first) : new Promise((resolve) => waiting.push(resolve));
    },
  };
};
