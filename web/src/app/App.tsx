import { Loading } from '../components/States.js';
import { SignIn } from '../pages/SignIn.js';
import { SessionProvider, useSessionState } from './session.js';
import { Shell } from './Shell.js';

export function App() {
  return (
    <SessionProvider>
      <Gate />
    </SessionProvider>
  );
}

function Gate() {
  const { state, signIn } = useSessionState();
  if (state.status === 'restoring') {
    return (
      <main id="main" className="signin">
        <Loading label="Restoring your session…" />
      </main>
    );
  }
  if (state.status === 'signed-out') return <SignIn signIn={signIn} notice={state.notice} />;
  return <Shell />;
}
