import { Navigate } from 'react-router';
import { useAuth } from '@/lib/auth';

/** The identity provider's redirect back: once signed in, go where the vendor was going. */
export function AuthCallback() {
  const { returnTo } = useAuth();
  return <Navigate to={returnTo} replace />;
}
