/** The logged-in user and the registry's vocabulary, shared by every page. */
import { createContext, useContext } from 'react';
import type { Area, Me, Vocabulary } from './api.ts';

export interface Session {
  me: Me;
  vocabulary: Vocabulary;
  areas: Area[];
  areaName: (code: string) => string;
  can: (permission: string) => boolean;
  logout: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a session');
  return s;
}
