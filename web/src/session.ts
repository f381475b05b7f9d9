/** The logged-in user and the registry's vocabulary, shared by every page. */
import { createContext, useContext, useEffect, useState } from 'react';
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

/** The hash route (#/households/…) as path segments; navigate() changes it. */
export function useRoute(): string[] {
  const read = () => window.location.hash.replace(/^#\/?/, '').split('?')[0].split('/').filter(Boolean);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export function navigate(path: string) {
  window.location.hash = path;
}
