import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { loadConfig } from './config';

/** Where the app stands with the identity provider. */
export type AuthState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'expired' }
  | { status: 'error'; message: string }
  | { status: 'signed-in'; user: User };

interface Auth {
  state: AuthState;
  /** Where the vendor was going when it signed in (the callback route sends it there). */
  returnTo: string;
  signIn: (returnTo?: string) => Promise<void>;
  signOut: () => Promise<void>;
  /** The current access token (renewed by the refresh token before it expires). */
  accessToken: () => string | undefined;
  /** Called when the API refuses the token: the session is over. */
  expired: () => void;
}

const AuthContext = createContext<Auth | null>(null);

let manager: UserManager | null = null;
let currentUser: User | null = null;

/** The token for API calls outside React (the typed client's middleware). */
export function accessToken(): string | undefined {
  return currentUser && !currentUser.expired ? currentUser.access_token : undefined;
}

let refused: () => void = () => {};

/**
 * The API refused the token (401): renew it once with the refresh token (a token can be refused
 * before its own expiry says so); when that fails too, the session is over.
 */
export function sessionRefused() {
  refused();
}

const CALLBACK = '/auth/callback';

/**
 * Signs in with OIDC authorization code + PKCE against the platform's identity provider; the
 * tokens live in session storage (a tab's session), the access token is renewed with the refresh
 * token before it expires, and a failed renewal means the session has expired.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const [returnTo, setReturnTo] = useState('/');

  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const config = await loadConfig();
        manager = new UserManager({
          authority: config.authority,
          client_id: config.clientId,
          redirect_uri: window.location.origin + CALLBACK,
          post_logout_redirect_uri: window.location.origin + '/',
          response_type: 'code',
          scope: 'openid profile',
          automaticSilentRenew: true,
          userStore: new WebStorageStateStore({ store: window.sessionStorage }),
        });
        manager.events.addUserLoaded((user) => {
          currentUser = user;
          setState({ status: 'signed-in', user });
        });
        manager.events.addSilentRenewError(() => {
          currentUser = null;
          setState({ status: 'expired' });
        });
        manager.events.addAccessTokenExpired(() => {
          // renewal failed or the refresh token is gone too
          void manager!.signinSilent().catch(() => {
            currentUser = null;
            setState({ status: 'expired' });
          });
        });
        let user: User | null;
        if (window.location.pathname === CALLBACK) {
          user = await manager.signinRedirectCallback();
          // only a path of this app: never an address someone put into the state
          const target = typeof user.state === 'string' && user.state.startsWith('/') && !user.state.startsWith('//') ? user.state : '/';
          setReturnTo(target.startsWith(CALLBACK) ? '/' : target);
        } else {
          user = await manager.getUser();
          if (user?.expired) {
            user = await manager.signinSilent().catch(() => null);
            if (!user) {
              if (!cancelled) setState({ status: 'expired' });
              return;
            }
          }
        }
        if (cancelled) return;
        currentUser = user;
        setState(user ? { status: 'signed-in', user } : { status: 'signed-out' });
      } catch (e) {
        if (!cancelled) setState({ status: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  const signIn = useCallback(async (returnTo?: string) => {
    await manager?.signinRedirect({ state: returnTo ?? window.location.pathname + window.location.search });
  }, []);
  const signOut = useCallback(async () => {
    const user = currentUser;
    currentUser = null;
    await manager?.removeUser();
    await manager?.signoutRedirect({ id_token_hint: user?.id_token });
  }, []);
  const expired = useCallback(() => {
    currentUser = null;
    void manager?.removeUser();
    setState({ status: 'expired' });
  }, []);
  const queryClient = useQueryClient();
  const renewing = useRef<Promise<void> | null>(null);
  const renewedAt = useRef(0);
  // set while rendering, so that even the first calls of the first page are covered
  refused = () => {
    if (Date.now() - renewedAt.current < 10_000) {
      // refused again right after a renewal: renewing cannot help
      expired();
      return;
    }
    renewing.current ??= (async () => {
      try {
        const user = await manager?.signinSilent();
        if (!user) throw new Error('no session');
        currentUser = user;
        renewedAt.current = Date.now();
        setState({ status: 'signed-in', user });
        await queryClient.invalidateQueries();
      } catch {
        expired();
      } finally {
        renewing.current = null;
      }
    })();
  };

  const value = useMemo<Auth>(() => ({ state, returnTo, signIn, signOut, accessToken, expired }), [state, returnTo, signIn, signOut, expired]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

/** The signed-in vendor's display name and roles, from the token's claims. */
export function useProfile() {
  const { state } = useAuth();
  if (state.status !== 'signed-in') return null;
  const profile = state.user.profile as Record<string, unknown>;
  const name = (profile.preferred_username as string) ?? (profile.name as string) ?? 'vendor';
  // realm roles come as the ID token's groups claim; admin opens the operators' view
  const roles = Array.isArray(profile.groups) ? (profile.groups as string[]) : [];
  return { name, vendorId: profile.vendor_id as string | undefined, isAdmin: roles.includes('admin') };
}
