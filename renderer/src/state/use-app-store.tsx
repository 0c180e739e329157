// Hands the store to components through context, so tests and each window can have their own.
import { createContext, useContext, type ReactNode } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { AppState } from './app-store';

const StoreContext = createContext<StoreApi<AppState> | null>(null);

export const AppStoreProvider = ({ store, children }: { store: StoreApi<AppState>; children: ReactNode }) => (
  <StoreContext.Provider value={store}>{children}</StoreContext.Provider>
);

export const useAppStore = <T,>(select: (state: AppState) => T): T => {
  const store = useContext(StoreContext);
  if (!store) {
    throw new Error('useAppStore outside AppStoreProvider');
  }
  return useStore(store, select);
};
